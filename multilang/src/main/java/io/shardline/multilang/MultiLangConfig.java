package io.shardline.multilang;

import io.shardline.kcl.StartingPosition;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a KCL MultiLangDaemon properties file says, as the Shardline daemon uses it: immutable and validated.
 * {@link MultiLangProperties#parse} builds it from a properties file; {@link #builder()} and {@link #toBuilder()} from
 * code. {@link Builder#build()} rejects a missing or bad value with an {@link IllegalArgumentException} naming the
 * property and the value. {@link ConsumerConfigMapping} turns it into a {@link io.shardline.kcl.ConsumerConfig}.
 *
 * <p>Every duration is a {@link Duration}; {@code null} means "not set: Shardline's default".
 *
 * @param command                  {@code executableName} split into a command line (run per shard)
 * @param workingDirectory         the child's working directory: the properties file's directory
 * @param processingLanguage       {@code processingLanguage}, informational (logged), or {@code null}
 * @param applicationName          {@code applicationName}: the lease table's name unless {@code tableName} is set
 * @param streamName               {@code streamName}, or {@code null} when {@code streamArn} is given
 * @param streamArn                {@code streamArn} (takes precedence over {@code streamName}, as in KCL), or
 *                                 {@code null}
 * @param tableName                {@code tableName}: the lease table, or {@code null} for {@code applicationName}
 * @param initialPosition          {@code initialPositionInStream} / {@code initialPositionInStreamExtended}
 * @param regionName               {@code regionName}, or {@code null} for the SDK's region chain
 * @param kinesisEndpoint          {@code kinesisEndpoint}, or {@code null} for AWS's
 * @param dynamoDbEndpoint         {@code dynamoDBEndpoint}, or {@code null} for AWS's
 * @param credentialsProvider      {@code AWSCredentialsProvider} (for Kinesis and, unless overridden, DynamoDB)
 * @param dynamoDbCredentialsProvider {@code AWSCredentialsProviderDynamoDB}, or {@code null} for the one above
 * @param workerId                 {@code workerId}, or {@code null} for a generated one
 * @param retrievalMode            {@code retrievalMode}, resolved as KCL does ({@code DEFAULT}: polling when a polling
 *                                 property is set, else fan-out)
 * @param maxRecords               {@code maxRecords} per GetRecords call, or {@code null}
 * @param idleTimeBetweenReads     {@code idleTimeBetweenReadsInMillis}, or {@code null}
 * @param failoverTime             {@code failoverTimeMillis}, or {@code null}
 * @param shardSyncInterval        {@code shardSyncIntervalMillis}, or {@code null}
 * @param parentShardPollInterval  {@code parentShardPollIntervalMillis}, or {@code null}
 * @param maxLeasesForWorker       {@code maxLeasesForWorker}, or {@code null} for unlimited
 * @param childTimeout             {@code timeoutInSeconds}: how long the child may take to answer one message, or
 *                                 {@code null} for no limit (KCL's default)
 * @param maxActiveThreads         {@code maxActiveThreads}: threads that wait on children, or 0 for the default
 * @param metricsLevel             {@code metricsLevel} ({@code NONE}, {@code SUMMARY}, {@code DETAILED}), or
 *                                 {@code null}
 */
public record MultiLangConfig(
        List<String> command,
        Path workingDirectory,
        String processingLanguage,
        String applicationName,
        String streamName,
        String streamArn,
        String tableName,
        StartingPosition initialPosition,
        String regionName,
        URI kinesisEndpoint,
        URI dynamoDbEndpoint,
        CredentialsSpec credentialsProvider,
        CredentialsSpec dynamoDbCredentialsProvider,
        String workerId,
        RetrievalMode retrievalMode,
        Integer maxRecords,
        Duration idleTimeBetweenReads,
        Duration failoverTime,
        Duration shardSyncInterval,
        Duration parentShardPollInterval,
        Integer maxLeasesForWorker,
        Duration childTimeout,
        int maxActiveThreads,
        String metricsLevel) {

    /** The shortest {@code failoverTimeMillis}: heartbeats run at a third of it. */
    public static final Duration MIN_FAILOVER_TIME = Duration.ofMillis(300);

    /** KCL's retrieval modes; {@code DEFAULT} is resolved at {@code build()}. */
    public enum RetrievalMode { FANOUT, POLLING, DEFAULT }

    /** Checks the components (non-null where the record description does not say otherwise). */
    public MultiLangConfig {
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(initialPosition, "initialPosition");
        Objects.requireNonNull(credentialsProvider, "credentialsProvider");
        Objects.requireNonNull(retrievalMode, "retrievalMode");
    }

    /** {@link #streamArn()} when set, else {@link #streamName()}. */
    public String stream() {
        return streamArn != null ? streamArn : streamName;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.command = command;
        b.workingDirectory = workingDirectory;
        b.processingLanguage = processingLanguage;
        b.applicationName = applicationName;
        b.streamName = streamName;
        b.streamArn = streamArn;
        b.tableName = tableName;
        b.initialPosition = initialPosition;
        b.regionName = regionName;
        b.kinesisEndpoint = kinesisEndpoint;
        b.dynamoDbEndpoint = dynamoDbEndpoint;
        b.credentialsProvider = credentialsProvider;
        b.dynamoDbCredentialsProvider = dynamoDbCredentialsProvider;
        b.workerId = workerId;
        b.retrievalMode = retrievalMode;
        b.maxRecords = maxRecords;
        b.idleTimeBetweenReads = idleTimeBetweenReads;
        b.failoverTime = failoverTime;
        b.shardSyncInterval = shardSyncInterval;
        b.parentShardPollInterval = parentShardPollInterval;
        b.maxLeasesForWorker = maxLeasesForWorker;
        b.childTimeout = childTimeout;
        b.maxActiveThreads = maxActiveThreads;
        b.metricsLevel = metricsLevel;
        return b;
    }

    /** Mutable builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private List<String> command;
        private Path workingDirectory = Path.of(".");
        private String processingLanguage;
        private String applicationName;
        private String streamName;
        private String streamArn;
        private String tableName;
        private StartingPosition initialPosition = StartingPosition.latest();
        private String regionName;
        private URI kinesisEndpoint;
        private URI dynamoDbEndpoint;
        private CredentialsSpec credentialsProvider = CredentialsSpec.DEFAULT;
        private CredentialsSpec dynamoDbCredentialsProvider;
        private String workerId;
        private RetrievalMode retrievalMode = RetrievalMode.DEFAULT;
        private Integer maxRecords;
        private Duration idleTimeBetweenReads;
        private Duration failoverTime;
        private Duration shardSyncInterval;
        private Duration parentShardPollInterval;
        private Integer maxLeasesForWorker;
        private Duration childTimeout;
        private int maxActiveThreads;
        private String metricsLevel;

        private Builder() {
        }

        /**
         * Sets {@code command}; {@code build()} checks it.
         *
         * @param command the value
         * @return this builder
         */
        public Builder command(List<String> command) {
            this.command = command;
            return this;
        }

        /**
         * Sets {@code workingDirectory}; {@code build()} checks it.
         *
         * @param workingDirectory the value
         * @return this builder
         */
        public Builder workingDirectory(Path workingDirectory) {
            this.workingDirectory = workingDirectory;
            return this;
        }

        /**
         * Sets {@code processingLanguage}; {@code build()} checks it.
         *
         * @param processingLanguage the value
         * @return this builder
         */
        public Builder processingLanguage(String processingLanguage) {
            this.processingLanguage = processingLanguage;
            return this;
        }

        /**
         * Sets {@code applicationName}; {@code build()} checks it.
         *
         * @param applicationName the value
         * @return this builder
         */
        public Builder applicationName(String applicationName) {
            this.applicationName = applicationName;
            return this;
        }

        /**
         * Sets {@code streamName}; {@code build()} checks it.
         *
         * @param streamName the value
         * @return this builder
         */
        public Builder streamName(String streamName) {
            this.streamName = streamName;
            return this;
        }

        /**
         * Sets {@code streamArn}; {@code build()} checks it.
         *
         * @param streamArn the value
         * @return this builder
         */
        public Builder streamArn(String streamArn) {
            this.streamArn = streamArn;
            return this;
        }

        /**
         * Sets {@code tableName}; {@code build()} checks it.
         *
         * @param tableName the value
         * @return this builder
         */
        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        /**
         * Sets {@code initialPosition}; {@code build()} checks it.
         *
         * @param initialPosition the value
         * @return this builder
         */
        public Builder initialPosition(StartingPosition initialPosition) {
            this.initialPosition = initialPosition;
            return this;
        }

        /**
         * Sets {@code regionName}; {@code build()} checks it.
         *
         * @param regionName the value
         * @return this builder
         */
        public Builder regionName(String regionName) {
            this.regionName = regionName;
            return this;
        }

        /**
         * Sets {@code kinesisEndpoint}; {@code build()} checks it.
         *
         * @param kinesisEndpoint the value
         * @return this builder
         */
        public Builder kinesisEndpoint(URI kinesisEndpoint) {
            this.kinesisEndpoint = kinesisEndpoint;
            return this;
        }

        /**
         * Sets {@code dynamoDbEndpoint}; {@code build()} checks it.
         *
         * @param dynamoDbEndpoint the value
         * @return this builder
         */
        public Builder dynamoDbEndpoint(URI dynamoDbEndpoint) {
            this.dynamoDbEndpoint = dynamoDbEndpoint;
            return this;
        }

        /**
         * Sets {@code credentialsProvider}; {@code build()} checks it.
         *
         * @param credentialsProvider the value
         * @return this builder
         */
        public Builder credentialsProvider(CredentialsSpec credentialsProvider) {
            this.credentialsProvider = credentialsProvider;
            return this;
        }

        /**
         * Sets {@code dynamoDbCredentialsProvider}; {@code build()} checks it.
         *
         * @param dynamoDbCredentialsProvider the value
         * @return this builder
         */
        public Builder dynamoDbCredentialsProvider(CredentialsSpec dynamoDbCredentialsProvider) {
            this.dynamoDbCredentialsProvider = dynamoDbCredentialsProvider;
            return this;
        }

        /**
         * Sets {@code workerId}; {@code build()} checks it.
         *
         * @param workerId the value
         * @return this builder
         */
        public Builder workerId(String workerId) {
            this.workerId = workerId;
            return this;
        }

        /**
         * Sets {@code retrievalMode}; {@code build()} checks it.
         *
         * @param retrievalMode the value
         * @return this builder
         */
        public Builder retrievalMode(RetrievalMode retrievalMode) {
            this.retrievalMode = retrievalMode;
            return this;
        }

        /**
         * Sets {@code maxRecords}; {@code build()} checks it.
         *
         * @param maxRecords the value
         * @return this builder
         */
        public Builder maxRecords(Integer maxRecords) {
            this.maxRecords = maxRecords;
            return this;
        }

        /**
         * Sets {@code idleTimeBetweenReads}; {@code build()} checks it.
         *
         * @param idleTimeBetweenReads the value
         * @return this builder
         */
        public Builder idleTimeBetweenReads(Duration idleTimeBetweenReads) {
            this.idleTimeBetweenReads = idleTimeBetweenReads;
            return this;
        }

        /**
         * Sets {@code failoverTime}; {@code build()} checks it.
         *
         * @param failoverTime the value
         * @return this builder
         */
        public Builder failoverTime(Duration failoverTime) {
            this.failoverTime = failoverTime;
            return this;
        }

        /**
         * Sets {@code shardSyncInterval}; {@code build()} checks it.
         *
         * @param shardSyncInterval the value
         * @return this builder
         */
        public Builder shardSyncInterval(Duration shardSyncInterval) {
            this.shardSyncInterval = shardSyncInterval;
            return this;
        }

        /**
         * Sets {@code parentShardPollInterval}; {@code build()} checks it.
         *
         * @param parentShardPollInterval the value
         * @return this builder
         */
        public Builder parentShardPollInterval(Duration parentShardPollInterval) {
            this.parentShardPollInterval = parentShardPollInterval;
            return this;
        }

        /**
         * Sets {@code maxLeasesForWorker}; {@code build()} checks it.
         *
         * @param maxLeasesForWorker the value
         * @return this builder
         */
        public Builder maxLeasesForWorker(Integer maxLeasesForWorker) {
            this.maxLeasesForWorker = maxLeasesForWorker;
            return this;
        }

        /**
         * Sets {@code childTimeout}; {@code build()} checks it.
         *
         * @param childTimeout the value
         * @return this builder
         */
        public Builder childTimeout(Duration childTimeout) {
            this.childTimeout = childTimeout;
            return this;
        }

        /**
         * Sets {@code maxActiveThreads}; {@code build()} checks it.
         *
         * @param maxActiveThreads the value
         * @return this builder
         */
        public Builder maxActiveThreads(int maxActiveThreads) {
            this.maxActiveThreads = maxActiveThreads;
            return this;
        }

        /**
         * Sets {@code metricsLevel}; {@code build()} checks it.
         *
         * @param metricsLevel the value
         * @return this builder
         */
        public Builder metricsLevel(String metricsLevel) {
            this.metricsLevel = metricsLevel;
            return this;
        }

        /** @throws IllegalArgumentException naming the property and the value of the first rule broken */
        public MultiLangConfig build() {
            if (command == null || command.isEmpty() || command.stream().anyMatch(String::isBlank)) {
                throw invalid("executableName", command, "is required: the command that runs the record processor");
            }
            if (applicationName == null || applicationName.isBlank()) {
                throw invalid("applicationName", applicationName, "is required");
            }
            if (blank(streamName) && blank(streamArn)) {
                throw invalid("streamName", streamName, "or streamArn is required");
            }
            if (!blank(streamArn) && !streamArn.startsWith("arn:")) {
                throw invalid("streamArn", streamArn, "must be an ARN (arn:aws:kinesis:...)");
            }
            positive("maxRecords", maxRecords);
            positive("maxLeasesForWorker", maxLeasesForWorker);
            positive("idleTimeBetweenReadsInMillis", idleTimeBetweenReads);
            positive("failoverTimeMillis", failoverTime);
            if (failoverTime != null && failoverTime.compareTo(MIN_FAILOVER_TIME) < 0) {
                throw invalid("failoverTimeMillis", failoverTime.toMillis(), "must be >= "
                        + MIN_FAILOVER_TIME.toMillis() + " (heartbeats run every failoverTimeMillis / 3)");
            }
            positive("shardSyncIntervalMillis", shardSyncInterval);
            positive("parentShardPollIntervalMillis", parentShardPollInterval);
            positive("timeoutInSeconds", childTimeout);
            if (maxActiveThreads < 0) {
                throw invalid("maxActiveThreads", maxActiveThreads, "must be >= 0 (0: the default)");
            }
            if (workingDirectory == null) {
                throw invalid("workingDirectory", null, "is required");
            }
            RetrievalMode resolved = retrievalMode;
            if (resolved == RetrievalMode.DEFAULT) {
                resolved = maxRecords != null || idleTimeBetweenReads != null ? RetrievalMode.POLLING
                        : RetrievalMode.FANOUT;
            }
            return new MultiLangConfig(command, workingDirectory, processingLanguage, applicationName,
                    blank(streamArn) ? streamName : null, blank(streamArn) ? null : streamArn, tableName,
                    initialPosition, regionName, kinesisEndpoint, dynamoDbEndpoint, credentialsProvider,
                    dynamoDbCredentialsProvider, workerId, resolved, maxRecords, idleTimeBetweenReads, failoverTime,
                    shardSyncInterval, parentShardPollInterval, maxLeasesForWorker, childTimeout, maxActiveThreads,
                    metricsLevel);
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }

        private static void positive(String property, Integer value) {
            if (value != null && value < 1) {
                throw invalid(property, value, "must be >= 1");
            }
        }

        private static void positive(String property, Duration value) {
            if (value != null && (value.isNegative() || value.isZero())) {
                throw invalid(property, value, "must be positive");
            }
        }

        private static IllegalArgumentException invalid(String property, Object value, String rule) {
            return new IllegalArgumentException("property " + property + " " + rule + ", was " + value);
        }
    }
}
