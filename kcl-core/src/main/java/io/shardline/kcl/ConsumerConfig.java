package io.shardline.kcl;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.shardline.checkpoint.CheckpointerConfig;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.lease.StoreResilienceConfig;
import io.shardline.lease.internal.shared.ConfigChecks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Everything a {@link Scheduler} needs: immutable and validated. {@link #builder()} starts from the defaults,
 * {@link #toBuilder()} copies; {@link Builder#build()} rejects a missing or bad value with an
 * {@link IllegalArgumentException} naming the field and the value.
 *
 * <p>Required: {@code applicationName}, one of {@code streamName} / {@code streamArn} / {@code streamTracker} (a
 * multi-stream application, see {@link StreamTracker}), {@code kinesisClient},
 * {@code dynamoDbClient}, {@code processorFactory}. The clients are the application's: the library never builds
 * hidden ones, never closes them, and an endpoint override (local emulators) works by building them that way. The
 * Kinesis client must be an async client that speaks HTTP/2 (Netty) for enhanced fan-out.
 *
 * <p>Defaults and why:
 * <ul>
 *   <li>{@code initialPosition} {@code LATEST}: as Amazon KCL, a new application does not replay the whole retention
 *       by surprise. It applies only to a lease that has no checkpoint yet; every other lease resumes after its
 *       checkpoint.</li>
 *   <li>{@code leaseTableConfig}: a table named after the application (and {@code <name>-coordination}), so
 *       applications with different names consume the same stream independently.</li>
 *   <li>{@code leaseCoordinatorConfig} {@link LeaseCoordinatorConfig#defaults()} with a worker id generated per
 *       {@code build()} (1 s heartbeats, failover after 3 s). Set it explicitly to choose the worker id; every
 *       scheduler needs its own. Its {@code autoCompleteHandoff} must stay false (the scheduler completes a handoff
 *       after the processor checkpointed). Its {@code leaseEligibility} is combined with the scheduler's own rule "a
 *       child shard waits until its parents are finished".</li>
 *   <li>{@code retrievalConfig} {@link RetrievalConfig#defaults()} (polling), {@code checkpointerConfig} and
 *       {@code storeResilienceConfig} their defaults.</li>
 *   <li>{@code meterRegistry} Micrometer's global registry: a no-op until the application adds a registry to it.</li>
 *   <li>{@code shardSyncInterval} 60 s (Amazon KCL's): how often the leader lists the shards to find new ones. Children
 *       of a shard that ends are created at once by the worker that finishes it, so the interval only bounds how soon
 *       shards are found in other ways (a lost shard end, a worker start).</li>
 *   <li>{@code processingThreads} {@code max(2, 2 x cores)}: processors usually block on I/O, so twice the cores keep
 *       the CPUs busy, and a few slow processors (up to {@code processingThreads - 1}) never stall the other shards.
 *       Shards share the pool; there is never a thread per shard.</li>
 *   <li>{@code failurePolicy} {@link FailurePolicy#defaults()}: a batch whose {@code processRecords} throws is retried
 *       3 times with backoff, then bisected to isolate the failing record; without a dead-letter sink that record
 *       stops its shard with one ERROR line (nothing is skipped silently), with a sink it is parked there and the shard
 *       goes on. See {@link FailurePolicy}.</li>
 *   <li>{@code startupTimeout} 10 s: how long {@link Scheduler#start()} waits for Kinesis and DynamoDB to answer its
 *       first calls before it fails with a {@link StartupException} naming the service, the endpoint and the cause.</li>
 *   <li>{@code workerStateListener} none: gets every {@link WorkerEvent} of the worker.</li>
 *   <li>{@code parentShardPollInterval} 1 s: how often a child shard whose parents are not finished re-reads their
 *       leases (one consistent read per parent); children normally wait only briefly, since the leader does not
 *       assign them before the parents are finished.</li>
 *   <li>{@code callProcessRecordsEvenForEmptyRecordList} false (KCL's name and default): when true every processor
 *       also gets {@code processRecords} with an empty list when a fetch brings nothing new (about once per
 *       {@code RetrievalConfig.idleInterval} on an idle shard); a processor can ask for it alone with
 *       {@link ShardRecordProcessor#processEmptyBatches()} (the per-record handler does with a time-based
 *       {@link io.shardline.checkpoint.CheckpointStrategy}).</li>
 *   <li>{@code statusInterval} 10 s: how often the worker writes its one status item for operators (lag, rates, last
 *       checkpoint and phase of each shard it holds; read by the {@code shardline} command line). One write per
 *       interval per worker, never per lease. {@link Duration#ZERO} publishes nothing.</li>
 * </ul>
 */
public final class ConsumerConfig {

    /** Default of {@link #shardSyncInterval()}. */
    public static final Duration DEFAULT_SHARD_SYNC_INTERVAL = Duration.ofSeconds(60);
    /** Default of {@link #parentShardPollInterval()}. */
    public static final Duration DEFAULT_PARENT_SHARD_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Default of {@link #startupTimeout()}. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(10);
    /** Default of {@link #statusInterval()}: at most one status write per worker per 10 s. */
    public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(10);

    private final String applicationName;
    private final String streamName;
    private final String streamArn;
    private final StreamTracker streamTracker;
    private final KinesisAsyncClient kinesisClient;
    private final DynamoDbAsyncClient dynamoDbClient;
    private final StartingPosition initialPosition;
    private final RetrievalConfig retrievalConfig;
    private final ShardRecordProcessorFactory processorFactory;
    private final Supplier<? extends RecordHandler> laneHandlers;
    private final LanesConfig lanesAsSet;
    private final LanesConfig lanes;
    private final MeterRegistry meterRegistry;
    private final LeaseCoordinatorConfig leaseCoordinatorConfig;
    private final boolean leaseCoordinatorConfigSet;
    private final CheckpointerConfig checkpointerConfig;
    private final LeaseTableConfig leaseTableConfig;
    private final boolean leaseTableConfigSet;
    private final StoreResilienceConfig storeResilienceConfig;
    private final Duration shardSyncInterval;
    private final int processingThreads;
    private final boolean callProcessRecordsEvenForEmptyRecordList;
    private final Duration parentShardPollInterval;
    private final Duration statusInterval;
    private final FailurePolicy failurePolicy;
    private final Duration startupTimeout;
    private final WorkerStateListener workerStateListener;

    private ConsumerConfig(Builder b, LeaseTableConfig tableConfig, LeaseCoordinatorConfig coordinatorConfig) {
        applicationName = b.applicationName;
        streamName = b.streamName;
        streamArn = b.streamArn;
        streamTracker = b.streamTracker;
        kinesisClient = b.kinesisClient;
        dynamoDbClient = b.dynamoDbClient;
        initialPosition = b.initialPosition;
        retrievalConfig = b.retrievalConfig;
        laneHandlers = b.laneHandlers;
        lanesAsSet = b.lanes;
        lanes = b.laneHandlers == null ? null : b.lanes.withConsumerDefaults(b.applicationName,
                b.streamName != null ? b.streamName : b.streamArn, b.meterRegistry, b.failurePolicy);
        processorFactory = lanes == null ? b.processorFactory : RecordHandlers.parallel(b.laneHandlers, lanes);
        meterRegistry = b.meterRegistry;
        leaseCoordinatorConfig = coordinatorConfig;
        leaseCoordinatorConfigSet = b.leaseCoordinatorConfig != null;
        checkpointerConfig = b.checkpointerConfig;
        leaseTableConfig = tableConfig;
        leaseTableConfigSet = b.leaseTableConfig != null;
        storeResilienceConfig = b.storeResilienceConfig;
        shardSyncInterval = b.shardSyncInterval;
        processingThreads = b.processingThreads;
        parentShardPollInterval = b.parentShardPollInterval;
        statusInterval = b.statusInterval;
        failurePolicy = b.failurePolicy;
        startupTimeout = b.startupTimeout;
        workerStateListener = b.workerStateListener;
        callProcessRecordsEvenForEmptyRecordList = b.callProcessRecordsEvenForEmptyRecordList;
    }

    /** A builder with every default; the required values must still be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values; a lease table or coordinator config that was derived is derived again. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.applicationName = applicationName;
        b.streamName = streamName;
        b.streamArn = streamArn;
        b.streamTracker = streamTracker;
        b.kinesisClient = kinesisClient;
        b.dynamoDbClient = dynamoDbClient;
        b.initialPosition = initialPosition;
        b.retrievalConfig = retrievalConfig;
        b.processorFactory = lanes == null ? processorFactory : null;
        b.laneHandlers = laneHandlers;
        b.lanes = lanesAsSet;
        b.meterRegistry = meterRegistry;
        b.leaseCoordinatorConfig = leaseCoordinatorConfigSet ? leaseCoordinatorConfig : null;
        b.startupTimeout = startupTimeout;
        b.workerStateListener = workerStateListener;
        b.checkpointerConfig = checkpointerConfig;
        b.leaseTableConfig = leaseTableConfigSet ? leaseTableConfig : null;
        b.storeResilienceConfig = storeResilienceConfig;
        b.shardSyncInterval = shardSyncInterval;
        b.processingThreads = processingThreads;
        b.parentShardPollInterval = parentShardPollInterval;
        b.statusInterval = statusInterval;
        b.failurePolicy = failurePolicy;
        b.callProcessRecordsEvenForEmptyRecordList = callProcessRecordsEvenForEmptyRecordList;
        return b;
    }

    /** Names the application: the default lease table name, the fan-out consumer name, the meters' tag. */
    public String applicationName() {
        return applicationName;
    }

    /** The stream's name, or {@code null} when it is given by {@link #streamArn()}. */
    public String streamName() {
        return streamName;
    }

    /** The stream's ARN, or {@code null} when it is given by {@link #streamName()}. */
    public String streamArn() {
        return streamArn;
    }

    /** {@link #streamName()} or {@link #streamArn()}, whichever is set; {@code null} for a multi-stream application. */
    public String stream() {
        return streamName != null ? streamName : streamArn;
    }

    /** The streams of a multi-stream application, or {@code null} when it reads one stream. */
    public StreamTracker streamTracker() {
        return streamTracker;
    }

    /** Whether this is a multi-stream application ({@link #streamTracker()} set): multi-stream lease keys. */
    public boolean isMultiStream() {
        return streamTracker != null;
    }

    /** The application's Kinesis client. */
    public KinesisAsyncClient kinesisClient() {
        return kinesisClient;
    }

    /** The application's DynamoDB client: lease and coordination tables. */
    public DynamoDbAsyncClient dynamoDbClient() {
        return dynamoDbClient;
    }

    /** Where a lease without a checkpoint starts: {@code TRIM_HORIZON}, {@code LATEST} or {@code AT_TIMESTAMP}. */
    public StartingPosition initialPosition() {
        return initialPosition;
    }

    /** Polling or enhanced fan-out, and their settings. */
    public RetrievalConfig retrievalConfig() {
        return retrievalConfig;
    }

    /** Makes the processor of each shard lease taken. */
    public ShardRecordProcessorFactory processorFactory() {
        return processorFactory;
    }

    /**
     * The lanes the records of each shard are processed on when set with {@link Builder#lanes}, with the fields
     * derived from this config; empty when the processor factory was set directly.
     */
    public Optional<LanesConfig> lanes() {
        return Optional.ofNullable(lanes);
    }

    /** Where the meters go. */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** Heartbeats, failover, handoffs, the worker id. */
    public LeaseCoordinatorConfig leaseCoordinatorConfig() {
        return leaseCoordinatorConfig;
    }

    /** How checkpoints are written (fencing, retries, state size). */
    public CheckpointerConfig checkpointerConfig() {
        return checkpointerConfig;
    }

    /** The lease and coordination tables. */
    public LeaseTableConfig leaseTableConfig() {
        return leaseTableConfig;
    }

    /** Retries and circuit breaker of the table calls. */
    public StoreResilienceConfig storeResilienceConfig() {
        return storeResilienceConfig;
    }

    /** How often the leader lists the stream's shards and creates missing leases. */
    public Duration shardSyncInterval() {
        return shardSyncInterval;
    }

    /** Threads of the pool that runs every processor callback of this scheduler ({@code shardline-process-N}). */
    public int processingThreads() {
        return processingThreads;
    }

    /** How often a shard waiting for its parents re-reads their leases. */
    public Duration parentShardPollInterval() {
        return parentShardPollInterval;
    }

    /** How often this worker publishes its status item; zero: never. */
    public Duration statusInterval() {
        return statusInterval;
    }

    /** What happens when the processor throws from {@code processRecords}. */
    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /**
     * How long {@link Scheduler#start()} waits for Kinesis and DynamoDB to answer its first calls before it fails,
     * naming the service, the endpoint and the cause.
     */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** Told about every state change of the worker; see {@link WorkerStateListener}. */
    public WorkerStateListener workerStateListener() {
        return workerStateListener;
    }

    /** Whether every processor also gets {@code processRecords} with no records when its shard is idle. */
    public boolean callProcessRecordsEvenForEmptyRecordList() {
        return callProcessRecordsEvenForEmptyRecordList;
    }

    @Override
    public String toString() {
        return "ConsumerConfig{applicationName=" + applicationName
                + (streamTracker != null ? ", " + streamTracker : ", stream=" + stream())
                + ", initialPosition=" + initialPosition + ", " + retrievalConfig + ", " + leaseTableConfig
                + ", " + leaseCoordinatorConfig + ", " + checkpointerConfig + ", shardSyncInterval="
                + shardSyncInterval + ", processingThreads=" + processingThreads + ", parentShardPollInterval="
                + parentShardPollInterval + ", statusInterval=" + statusInterval + ", " + failurePolicy
                + (callProcessRecordsEvenForEmptyRecordList ? ", callProcessRecordsEvenForEmptyRecordList" : "") + "}";
    }

    /** Mutable builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {

        private static final ConfigChecks CHECK = ConfigChecks.of("ConsumerConfig");

        private String applicationName;
        private String streamName;
        private String streamArn;
        private StreamTracker streamTracker;
        private KinesisAsyncClient kinesisClient;
        private DynamoDbAsyncClient dynamoDbClient;
        private StartingPosition initialPosition = StartingPosition.latest();
        private RetrievalConfig retrievalConfig = RetrievalConfig.defaults();
        private ShardRecordProcessorFactory processorFactory;
        private Supplier<? extends RecordHandler> laneHandlers;
        private LanesConfig lanes;
        private MeterRegistry meterRegistry = Metrics.globalRegistry;
        private LeaseCoordinatorConfig leaseCoordinatorConfig;
        private CheckpointerConfig checkpointerConfig = CheckpointerConfig.defaults();
        private LeaseTableConfig leaseTableConfig;
        private StoreResilienceConfig storeResilienceConfig = StoreResilienceConfig.defaults();
        private Duration shardSyncInterval = DEFAULT_SHARD_SYNC_INTERVAL;
        private int processingThreads = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
        private Duration parentShardPollInterval = DEFAULT_PARENT_SHARD_POLL_INTERVAL;
        private Duration statusInterval = DEFAULT_STATUS_INTERVAL;
        private FailurePolicy failurePolicy = FailurePolicy.defaults();
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private WorkerStateListener workerStateListener = WorkerStateListener.NONE;
        private boolean callProcessRecordsEvenForEmptyRecordList;

        private Builder() {
        }

        /**
         * Sets {@link ConsumerConfig#applicationName()}.
         *
         * @param applicationName the value (checked by {@code build()})
         * @return this builder
         */
        public Builder applicationName(String applicationName) {
            this.applicationName = applicationName;
            return this;
        }

        /** The stream by name; clears {@link #streamArn} and {@link #streamTracker}. */
        public Builder streamName(String streamName) {
            this.streamName = streamName;
            this.streamArn = null;
            this.streamTracker = null;
            return this;
        }

        /** The stream by ARN; clears {@link #streamName} and {@link #streamTracker}. */
        public Builder streamArn(String streamArn) {
            this.streamArn = streamArn;
            this.streamName = null;
            this.streamTracker = null;
            return this;
        }

        /**
         * Many streams (a multi-stream application, KCL's {@code StreamTracker}); clears {@link #streamName} and
         * {@link #streamArn}. Leases are then keyed {@code account:streamName:creationEpoch:shardId}.
         */
        public Builder streamTracker(StreamTracker streamTracker) {
            this.streamTracker = streamTracker;
            this.streamName = null;
            this.streamArn = null;
            return this;
        }

        /**
         * Sets {@code kinesisClient}; {@code build()} checks it.
         *
         * @param kinesisClient the value
         * @return this builder
         */
        public Builder kinesisClient(KinesisAsyncClient kinesisClient) {
            this.kinesisClient = kinesisClient;
            return this;
        }

        /**
         * Sets {@code dynamoDbClient}; {@code build()} checks it.
         *
         * @param dynamoDbClient the value
         * @return this builder
         */
        public Builder dynamoDbClient(DynamoDbAsyncClient dynamoDbClient) {
            this.dynamoDbClient = dynamoDbClient;
            return this;
        }

        /** {@link StartingPosition#trimHorizon()}, {@link StartingPosition#latest()} or {@code atTimestamp(..)}. */
        public Builder initialPosition(StartingPosition initialPosition) {
            this.initialPosition = initialPosition;
            return this;
        }

        /**
         * Sets {@code retrievalConfig}; {@code build()} checks it.
         *
         * @param retrievalConfig the value
         * @return this builder
         */
        public Builder retrievalConfig(RetrievalConfig retrievalConfig) {
            this.retrievalConfig = retrievalConfig;
            return this;
        }

        /**
         * Sets {@code processorFactory}; {@code build()} checks it.
         *
         * @param processorFactory the value
         * @return this builder
         */
        public Builder processorFactory(ShardRecordProcessorFactory processorFactory) {
            this.processorFactory = processorFactory;
            return this;
        }

        /**
         * Processes each shard's records on up to {@link LanesConfig#lanes()} lanes, per-key order kept, with one
         * handler per shard from {@code handlers}: the same as
         * {@code processorFactory(RecordHandlers.parallel(handlers, lanes))} (see {@link RecordHandlers#parallel}),
         * except that {@code lanes}' {@code applicationName}, {@code streamName}, {@code meterRegistry} and
         * {@code failurePolicy}, where left at their defaults, are this config's. Instead of
         * {@link #processorFactory}; {@code null} handlers turn lanes off again.
         *
         * @param handlers makes one (thread-safe) handler per shard
         * @param lanes    the lanes' settings
         * @return this builder
         */
        public Builder lanes(Supplier<? extends RecordHandler> handlers, LanesConfig lanes) {
            this.laneHandlers = handlers;
            this.lanes = handlers == null ? null : Objects.requireNonNull(lanes, "lanes");
            return this;
        }

        /**
         * Sets {@code meterRegistry}; {@code build()} checks it.
         *
         * @param meterRegistry the value
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /** {@code null} restores the default (every default, a fresh worker id at each {@code build()}). */
        public Builder leaseCoordinatorConfig(LeaseCoordinatorConfig leaseCoordinatorConfig) {
            this.leaseCoordinatorConfig = leaseCoordinatorConfig;
            return this;
        }

        /**
         * Sets {@code checkpointerConfig}; {@code build()} checks it.
         *
         * @param checkpointerConfig the value
         * @return this builder
         */
        public Builder checkpointerConfig(CheckpointerConfig checkpointerConfig) {
            this.checkpointerConfig = checkpointerConfig;
            return this;
        }

        /** {@code null} restores the default: a table named after the application. */
        public Builder leaseTableConfig(LeaseTableConfig leaseTableConfig) {
            this.leaseTableConfig = leaseTableConfig;
            return this;
        }

        /**
         * Sets {@code storeResilienceConfig}; {@code build()} checks it.
         *
         * @param storeResilienceConfig the value
         * @return this builder
         */
        public Builder storeResilienceConfig(StoreResilienceConfig storeResilienceConfig) {
            this.storeResilienceConfig = storeResilienceConfig;
            return this;
        }

        /**
         * Sets {@link ConsumerConfig#shardSyncInterval()}.
         *
         * @param shardSyncInterval the value (checked by {@code build()})
         * @return this builder
         */
        public Builder shardSyncInterval(Duration shardSyncInterval) {
            this.shardSyncInterval = shardSyncInterval;
            return this;
        }

        /**
         * KCL's {@code callProcessRecordsEvenForEmptyRecordList}: every processor also gets {@code processRecords}
         * with an empty list when its shard brings nothing new (see {@link ShardRecordProcessor#processEmptyBatches()}).
         */
        public Builder callProcessRecordsEvenForEmptyRecordList(boolean callProcessRecordsEvenForEmptyRecordList) {
            this.callProcessRecordsEvenForEmptyRecordList = callProcessRecordsEvenForEmptyRecordList;
            return this;
        }

        /**
         * Sets {@link ConsumerConfig#processingThreads()}.
         *
         * @param processingThreads the value (checked by {@code build()})
         * @return this builder
         */
        public Builder processingThreads(int processingThreads) {
            this.processingThreads = processingThreads;
            return this;
        }

        /**
         * Sets {@link ConsumerConfig#parentShardPollInterval()}.
         *
         * @param parentShardPollInterval the value (checked by {@code build()})
         * @return this builder
         */
        public Builder parentShardPollInterval(Duration parentShardPollInterval) {
            this.parentShardPollInterval = parentShardPollInterval;
            return this;
        }

        /** How often the worker writes its status item (zero: never); below 1 s is refused (cost). */
        public Builder statusInterval(Duration statusInterval) {
            this.statusInterval = statusInterval;
            return this;
        }

        /**
         * Sets {@link ConsumerConfig#failurePolicy()}.
         *
         * @param failurePolicy the value (checked by {@code build()})
         * @return this builder
         */
        public Builder failurePolicy(FailurePolicy failurePolicy) {
            this.failurePolicy = failurePolicy;
            return this;
        }

        /**
         * How long {@link Scheduler#start()} waits for Kinesis and DynamoDB to answer (default 10 s).
         *
         * @param startupTimeout a positive duration
         * @return this builder
         */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /**
         * The listener told about the worker's state changes (default: none).
         *
         * @param workerStateListener called on the scheduler's threads; must not block
         * @return this builder
         */
        public Builder workerStateListener(WorkerStateListener workerStateListener) {
            this.workerStateListener = workerStateListener;
            return this;
        }

        /** @throws IllegalArgumentException naming the field and the value of the first rule broken */
        public ConsumerConfig build() {
            checkApplicationAndStream();
            CHECK.required("kinesisClient", kinesisClient);
            CHECK.required("dynamoDbClient", dynamoDbClient);
            checkInitialPosition();
            CHECK.required("retrievalConfig", retrievalConfig);
            if (laneHandlers != null && processorFactory != null) {
                throw CHECK.invalid("processorFactory", processorFactory,
                        "must not be set together with lanes (lanes make the processor factory)");
            }
            if (laneHandlers == null) {
                CHECK.required("processorFactory", processorFactory);
            }
            CHECK.required("meterRegistry", meterRegistry);
            CHECK.required("checkpointerConfig", checkpointerConfig);
            CHECK.required("storeResilienceConfig", storeResilienceConfig);
            CHECK.required("failurePolicy", failurePolicy);
            CHECK.positive("shardSyncInterval", shardSyncInterval);
            CHECK.positive("parentShardPollInterval", parentShardPollInterval);
            CHECK.positive("startupTimeout", startupTimeout);
            CHECK.required("workerStateListener", workerStateListener);
            if (statusInterval == null || statusInterval.isNegative()
                    || (!statusInterval.isZero() && statusInterval.compareTo(Duration.ofSeconds(1)) < 0)) {
                throw CHECK.invalid("statusInterval", statusInterval, "must be zero (off) or at least 1 s");
            }
            if (processingThreads < 1) {
                throw CHECK.invalid("processingThreads", processingThreads, "must be >= 1");
            }
            if (leaseCoordinatorConfig != null && leaseCoordinatorConfig.autoCompleteHandoff()) {
                throw CHECK.invalid("leaseCoordinatorConfig.autoCompleteHandoff", true,
                        "must be false: the scheduler completes each handoff after the processor checkpointed");
            }
            return new ConsumerConfig(this, tableConfig(),
                    leaseCoordinatorConfig != null ? leaseCoordinatorConfig : LeaseCoordinatorConfig.defaults());
        }

        private void checkApplicationAndStream() {
            if (applicationName == null || applicationName.isBlank()) {
                throw CHECK.invalid("applicationName", quoted(applicationName), "is required and must not be blank");
            }
            if (streamTracker != null) {
                return; // validated when it was made (StreamTracker.fixed / polled)
            }
            if (streamName == null && streamArn == null) {
                throw CHECK.invalid("streamName", null, "or streamTracker or streamArn is required");
            }
            if (streamName != null && (streamName.isBlank() || streamName.startsWith("arn:"))) {
                throw CHECK.invalid("streamName", quoted(streamName),
                        "must be a stream name (use streamArn for an ARN)");
            }
            if (streamArn != null && !streamArn.startsWith("arn:")) {
                throw CHECK.invalid("streamArn", quoted(streamArn), "must be an ARN (arn:...)");
            }
        }

        private void checkInitialPosition() {
            CHECK.required("initialPosition", initialPosition);
            StartingPosition.Kind kind = initialPosition.kind();
            if (kind != StartingPosition.Kind.TRIM_HORIZON && kind != StartingPosition.Kind.LATEST
                    && kind != StartingPosition.Kind.AT_TIMESTAMP) {
                throw CHECK.invalid("initialPosition", initialPosition, "must be TRIM_HORIZON, LATEST or AT_TIMESTAMP");
            }
        }

        private LeaseTableConfig tableConfig() {
            if (leaseTableConfig != null) {
                return leaseTableConfig;
            }
            try {
                return LeaseTableConfig.of(applicationName);
            } catch (IllegalArgumentException e) {
                throw CHECK.invalid("applicationName", quoted(applicationName), "is not a valid lease table name ("
                        + e.getMessage() + "); choose another name or set leaseTableConfig");
            }
        }

        private static String quoted(String value) {
            return value == null ? null : "'" + value + "'";
        }
    }
}
