package io.shardline.kcl;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.shardline.checkpoint.CheckpointerConfig;
import io.shardline.lease.internal.shared.ConfigChecks;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of per-key ordered parallelism inside a shard ({@link RecordHandlers#parallel}): immutable and validated.
 * {@link #defaults()}, {@link #builder()}, {@link #toBuilder()}; a bad value fails at {@link Builder#build()} with an
 * {@link IllegalArgumentException} naming the field and the value.
 *
 * <ul>
 *   <li>{@code lanes} (default 16, 1 to {@value #MAX_LANES}): how many partition keys of one shard are processed at the
 *       same time, each on one lane (a pool thread); a key's records run one after the other, in shard order.</li>
 *   <li>{@code maxPendingRecords} (default 5,000, at least {@code lanes}): how many records may be handed to the lanes
 *       beyond the low-water mark (done or not). At the limit {@code processRecords} waits: back-pressure on the
 *       fetcher.</li>
 *   <li>{@code maxStateBytes} (default {@link CheckpointerConfig#DEFAULT_MAX_STATE_BYTES}, 0 to
 *       {@link CheckpointerConfig#HARD_MAX_STATE_BYTES}): cap of the compressed set of completed positions written
 *       with each checkpoint. Must not exceed the scheduler's {@link CheckpointerConfig#maxStateBytes()}. When the set
 *       does not fit, the positions that fit are written and new records wait until it fits again.</li>
 *   <li>{@code checkpointInterval} (default 1 s, zero allowed): the least time between two checkpoint writes of a
 *       shard. Zero writes again as soon as the previous write returned and progress changed: after a crash the next
 *       owner then repeats about what was in flight; longer intervals cost fewer writes and repeat up to an interval
 *       of completions more.</li>
 *   <li>{@code maxBatchSize} (default 100): the most records a {@link RecordBatchHandler} gets in one call.</li>
 *   <li>{@code failurePolicy} (default {@link FailurePolicy#defaults()}): what a lane does when the handler keeps
 *       failing on a record: retries with backoff (only that lane waits), bisection of a batch, then dead letter or
 *       a stopped shard (only that key waits meanwhile). Usually the same object as {@link ConsumerConfig#failurePolicy()}.</li>
 *   <li>{@code meterRegistry} (default Micrometer's global registry), {@code applicationName} and
 *       {@code streamName} (default {@code "unknown"}; they label dead-letter entries).</li>
 * </ul>
 */
public final class LanesConfig {

    /** The most lanes a shard may have. */
    public static final int MAX_LANES = 1_000;
    /** The most records a shard may have pending beyond its low-water mark. */
    public static final int MAX_PENDING_RECORDS = 100_000;
    /** Default of {@link #lanes()}. */
    public static final int DEFAULT_LANES = 16;
    private static final String UNKNOWN = "unknown";
    /** Default of {@link #maxPendingRecords()}. */
    public static final int DEFAULT_MAX_PENDING_RECORDS = 5_000;
    /** Default of {@link #checkpointInterval()}. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    /** Default of {@link #maxBatchSize()}. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 100;

    private static final LanesConfig DEFAULTS = builder().build();

    private final int lanes;
    private final int maxPendingRecords;
    private final int maxStateBytes;
    private final Duration checkpointInterval;
    private final int maxBatchSize;
    private final FailurePolicy failurePolicy;
    private final MeterRegistry meterRegistry;
    private final String applicationName;
    private final String streamName;

    private LanesConfig(Builder b) {
        lanes = b.lanes;
        maxPendingRecords = b.maxPendingRecords;
        maxStateBytes = b.maxStateBytes;
        checkpointInterval = b.checkpointInterval;
        maxBatchSize = b.maxBatchSize;
        failurePolicy = b.failurePolicy;
        meterRegistry = b.meterRegistry;
        applicationName = b.applicationName;
        streamName = b.streamName;
    }

    public static LanesConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().lanes(lanes).maxPendingRecords(maxPendingRecords).maxStateBytes(maxStateBytes)
                .checkpointInterval(checkpointInterval).maxBatchSize(maxBatchSize).failurePolicy(failurePolicy)
                .meterRegistry(meterRegistry).applicationName(applicationName).streamName(streamName);
    }

    public int lanes() {
        return lanes;
    }

    public int maxPendingRecords() {
        return maxPendingRecords;
    }

    public int maxStateBytes() {
        return maxStateBytes;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    public String applicationName() {
        return applicationName;
    }

    public String streamName() {
        return streamName;
    }

    /**
     * This config with each of {@code applicationName}, {@code streamName}, {@code meterRegistry} and
     * {@code failurePolicy} that is still at its default taken from the consumer's (what
     * {@link ConsumerConfig.Builder#lanes} does).
     */
    LanesConfig withConsumerDefaults(String application, String stream, MeterRegistry registry,
            FailurePolicy policy) {
        Builder b = toBuilder();
        if (UNKNOWN.equals(applicationName)) {
            b.applicationName(application);
        }
        if (UNKNOWN.equals(streamName) && stream != null) {
            b.streamName(stream);
        }
        if (meterRegistry == Metrics.globalRegistry) {
            b.meterRegistry(registry);
        }
        if (failurePolicy.equals(FailurePolicy.defaults())) {
            b.failurePolicy(policy);
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LanesConfig c && lanes == c.lanes && maxPendingRecords == c.maxPendingRecords
                && maxStateBytes == c.maxStateBytes && checkpointInterval.equals(c.checkpointInterval)
                && maxBatchSize == c.maxBatchSize && failurePolicy.equals(c.failurePolicy)
                && meterRegistry.equals(c.meterRegistry) && applicationName.equals(c.applicationName)
                && streamName.equals(c.streamName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lanes, maxPendingRecords, maxStateBytes, checkpointInterval, maxBatchSize, failurePolicy,
                meterRegistry, applicationName, streamName);
    }

    @Override
    public String toString() {
        return "LanesConfig{lanes=" + lanes + ", maxPendingRecords=" + maxPendingRecords + ", maxStateBytes="
                + maxStateBytes + ", checkpointInterval=" + checkpointInterval + ", maxBatchSize=" + maxBatchSize
                + ", failurePolicy=" + failurePolicy + "}";
    }

    /** Mutable builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {

        private static final ConfigChecks CHECK = ConfigChecks.of("LanesConfig");

        private int lanes = DEFAULT_LANES;
        private int maxPendingRecords = DEFAULT_MAX_PENDING_RECORDS;
        private int maxStateBytes = CheckpointerConfig.DEFAULT_MAX_STATE_BYTES;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
        private FailurePolicy failurePolicy = FailurePolicy.defaults();
        private MeterRegistry meterRegistry = Metrics.globalRegistry;
        private String applicationName = UNKNOWN;
        private String streamName = UNKNOWN;

        private Builder() {
        }

        /** 1 to {@value LanesConfig#MAX_LANES}. */
        public Builder lanes(int lanes) {
            this.lanes = lanes;
            return this;
        }

        /** {@code lanes} to {@value LanesConfig#MAX_PENDING_RECORDS}. */
        public Builder maxPendingRecords(int maxPendingRecords) {
            this.maxPendingRecords = maxPendingRecords;
            return this;
        }

        /** 0 to {@link CheckpointerConfig#HARD_MAX_STATE_BYTES}; 0 stores no completed set. */
        public Builder maxStateBytes(int maxStateBytes) {
            this.maxStateBytes = maxStateBytes;
            return this;
        }

        /** Zero or positive. */
        public Builder checkpointInterval(Duration checkpointInterval) {
            this.checkpointInterval = checkpointInterval;
            return this;
        }

        /** At least 1. */
        public Builder maxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        public Builder failurePolicy(FailurePolicy failurePolicy) {
            this.failurePolicy = failurePolicy;
            return this;
        }

        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        public Builder applicationName(String applicationName) {
            this.applicationName = applicationName;
            return this;
        }

        public Builder streamName(String streamName) {
            this.streamName = streamName;
            return this;
        }

        /** @throws IllegalArgumentException naming the field and the value of the first rule broken */
        public LanesConfig build() {
            CHECK.between("lanes", lanes, 1, MAX_LANES);
            if (maxPendingRecords < lanes || maxPendingRecords > MAX_PENDING_RECORDS) {
                throw CHECK.invalid("maxPendingRecords", maxPendingRecords,
                        "must be between lanes (" + lanes + ") and " + MAX_PENDING_RECORDS);
            }
            CHECK.between("maxStateBytes", maxStateBytes, 0, CheckpointerConfig.HARD_MAX_STATE_BYTES);
            CHECK.nonNegative("checkpointInterval", checkpointInterval);
            CHECK.atLeast("maxBatchSize", maxBatchSize, 1);
            CHECK.required("failurePolicy", failurePolicy);
            CHECK.required("meterRegistry", meterRegistry);
            CHECK.required("applicationName", applicationName);
            CHECK.required("streamName", streamName);
            return new LanesConfig(this);
        }
    }
}
