package io.shardline.kcl.retrieval;

import io.shardline.lease.internal.shared.ConfigChecks;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of record retrieval. Start from {@link #polling()} or {@link #fanOut()}, change what you need,
 * and {@link Builder#build() build}; an invalid value fails there with a message naming the field and the value.
 *
 * <pre>{@code
 * RetrievalConfig polling = RetrievalConfig.polling().idleInterval(Duration.ofMillis(500)).build();
 * RetrievalConfig fanOut = RetrievalConfig.fanOut().consumerName("orders-app").build();
 * }</pre>
 *
 * <p>Defaults and why:
 * <ul>
 *   <li>{@code maxRecordsPerCall} 10,000: the Kinesis maximum; fewer calls for the same data, and the call budget
 *       is the scarce resource. The fetcher asks for less when the prefetch buffer has less room.</li>
 *   <li>{@code callsPerSecondPerShard} 3: the most calls per second this application makes on one shard while
 *       records flow. Kinesis allows 5 {@code GetRecords} per second per shard, <em>shared by every application
 *       polling the stream</em>; a call beyond that is throttled ({@code ProvisionedThroughputExceeded}). The rate
 *       buys latency, not throughput (at 10,000 records or 10 MiB a call, one call a second already drains a shard's
 *       2 MiB/s read limit): a record put while records flow waits on average half a call period plus one call,
 *       ~170 ms + the call at 3/s (Amazon KCL 3.x polls every 1.5 s: ~750 ms + the call). Three leave 2 calls/s for
 *       the other polling applications of the stream, e.g. one more at 2/s, or up to three KCL applications at
 *       their default. The budget gives way when the shard is throttled anyway (another application takes more
 *       than its share): each throttled {@code GetRecords} halves this shard's rate (at most once a second, not
 *       below 0.5 calls/s), and every 30 s without a throttle adds 0.5 calls/s back up to this ceiling; so several
 *       applications at this default settle under the limit at the cost of a short throttling streak every minute
 *       or two. If more than two applications poll one stream, give each an explicit share whose sum is at most 5
 *       (or use enhanced fan-out, which does not share this limit). Lower it to save calls, raise it up to 5 for
 *       the lowest latency when this is the stream's only reader.</li>
 *   <li>{@code idleInterval} 1 s: the longest wait between calls on a caught-up shard, so an idle shard costs one
 *       call a second (Amazon KCL 3.x: one per 1.5 s). The wait grows over empty answers in a row (nothing returned,
 *       not behind): after the first the next call comes at the budget's pace (1/3 s), after the second in
 *       {@code idleInterval / 2}, from the third on in {@code idleInterval}. A shard whose records come in bursts
 *       with short gaps is polled again soon after a gap starts, so a record put in the gap does not wait a whole
 *       idle interval; a shard idle for good costs two extra calls, then one per {@code idleInterval}.</li>
 *   <li>{@code maxPrefetchRecords} 10,000 and {@code maxPrefetchBytes} 4 MiB per shard: two seconds of a shard read
 *       at its 2 MiB/s limit, enough to keep a processor busy while the next call is in flight, and bounded so that
 *       1,000 shards cannot hold more than ~4 GiB. Records are a hard bound; bytes may be exceeded by the last
 *       call's answer (a call cannot be cut).</li>
 *   <li>{@code retryBackoffBase} 200 ms, {@code retryBackoffMax} 10 s: exponential with 50 % jitter from a delay
 *       long enough for the per-second throttling window to move, capped so a recovered shard resumes quickly.</li>
 *   <li>{@code fetchThreads} 2: fetch threads only schedule calls and de-aggregate answers; the SDK's event loop
 *       does the I/O. Two serve 1,000 shards.</li>
 *   <li>{@code consumerName} none: the application name is used. {@code subscriptionRenewalInterval} 5 min: Kinesis
 *       itself ends every subscription after 5 minutes and the fetcher re-subscribes; a shorter value re-subscribes
 *       earlier (tests use it); keep it well above the few seconds a new subscription takes to deliver its first
 *       event, or every subscription is renewed before it delivers anything.</li>
 *   <li>{@code requestTimeout} 30 s and {@code requestAttemptTimeout} 10 s: the SDK {@code apiCallTimeout} and
 *       {@code apiCallAttemptTimeout} of every Kinesis request the library sends but {@code SubscribeToShard} (which
 *       lasts up to five minutes), set in each request's override configuration whatever the client was built with;
 *       the call's future also fails, as a retryable timeout, 500 ms after {@code requestTimeout}. A fetch is
 *       retried by the fetcher's backoff and blocks no coordinator, so these are long: a {@code GetRecords} may
 *       return up to 10 MiB, and an attempt cut short is wasted work for the service and is asked again (with half
 *       the records after each unanswered call). Amazon KCL 3.x: {@code kinesisRequestTimeout} 30 s. (5 s attempts
 *       timed out every 1.3 MB {@code GetRecords} of the {@code throughput} benchmark on the local emulator, and
 *       the drain took 25 s instead of 10 s.)</li>
 *   <li>{@code listShardsMaxAttempts} 5: a {@code ListShards} of the shard sync that is throttled or fails with a 5xx
 *       or a network error is tried up to five times in all, with the backoff above (a few seconds), before the sync
 *       gives up until its next run.</li>
 *   <li>{@code subscriptionStallTimeout} 30 s: Kinesis answers every request for an event within seconds (an empty
 *       event while the shard is idle); a subscription silent this long while an event is requested (or that never
 *       opened) is stalled - a half-dead HTTP/2 stream, a lost connection the OS has not noticed, an emulator that
 *       never starts one - and is cancelled and replaced from the continuation. Where a service sends nothing while
 *       idle, the cost is one {@code SubscribeToShard} per interval per shard.</li>
 *   <li>{@code shardEndProbeInterval} 30 s: an idle fan-out shard costs at most one {@code GetShardIterator} and one
 *       {@code GetRecords} per 30 s to find a shard end that Kinesis (or an emulator) did not report.</li>
 *   <li>{@code outsideRangeUserRecords} {@link OutsideRangeUserRecords#DELIVER}: a user record of an aggregate whose
 *       hash key is outside the shard is delivered, flagged, because non-KPL aggregators put records of any key in
 *       one aggregate and such a record is in no other shard; {@link OutsideRangeUserRecords#DROP} is KCL's rule,
 *       right only when every producer is the KPL. {@code outsideRangeWarnInterval} 1 min: at most one WARN per shard
 *       per minute about delivered out-of-range records (with the count since the last one).</li>
 * </ul>
 */
public final class RetrievalConfig {

    /** How records are read. */
    public enum Mode {
        /** {@code GetRecords}, shared read throughput (2 MiB/s and 5 calls/s per shard for all applications). */
        POLLING,
        /** Enhanced fan-out: {@code SubscribeToShard} over HTTP/2, 2 MiB/s per shard for this consumer alone. */
        FAN_OUT
    }

    /** The Kinesis maximum of records per {@code GetRecords} call. */
    public static final int MAX_RECORDS_PER_CALL_LIMIT = 10_000;
    /** The Kinesis limit of {@code GetRecords} calls per second per shard, for all applications together. */
    public static final double CALLS_PER_SECOND_PER_SHARD_LIMIT = 5.0;
    /** Kinesis ends every subscription after this long. */
    public static final Duration MAX_SUBSCRIPTION_DURATION = Duration.ofMinutes(5);

    private final Mode mode;
    private final int maxRecordsPerCall;
    private final Duration idleInterval;
    private final double callsPerSecondPerShard;
    private final int maxPrefetchRecords;
    private final long maxPrefetchBytes;
    private final Duration retryBackoffBase;
    private final Duration retryBackoffMax;
    private final int fetchThreads;
    private final String consumerName;
    private final String consumerArn;
    private final Duration subscriptionRenewalInterval;
    private final Duration consumerRegistrationTimeout;
    private final Duration shardEndProbeInterval;
    private final Duration subscriptionStallTimeout;
    private final int listShardsMaxAttempts;
    private final Duration requestTimeout;
    private final Duration requestAttemptTimeout;
    private final OutsideRangeUserRecords outsideRangeUserRecords;
    private final Duration outsideRangeWarnInterval;

    private RetrievalConfig(Builder b) {
        this.mode = b.mode;
        this.maxRecordsPerCall = b.maxRecordsPerCall;
        this.idleInterval = b.idleInterval;
        this.callsPerSecondPerShard = b.callsPerSecondPerShard;
        this.maxPrefetchRecords = b.maxPrefetchRecords;
        this.maxPrefetchBytes = b.maxPrefetchBytes;
        this.retryBackoffBase = b.retryBackoffBase;
        this.retryBackoffMax = b.retryBackoffMax;
        this.fetchThreads = b.fetchThreads;
        this.consumerName = b.consumerName;
        this.consumerArn = b.consumerArn;
        this.subscriptionRenewalInterval = b.subscriptionRenewalInterval;
        this.consumerRegistrationTimeout = b.consumerRegistrationTimeout;
        this.shardEndProbeInterval = b.shardEndProbeInterval;
        this.subscriptionStallTimeout = b.subscriptionStallTimeout;
        this.listShardsMaxAttempts = b.listShardsMaxAttempts;
        this.requestTimeout = b.requestTimeout;
        this.requestAttemptTimeout = b.requestAttemptTimeout;
        this.outsideRangeUserRecords = b.outsideRangeUserRecords;
        this.outsideRangeWarnInterval = b.outsideRangeWarnInterval;
    }

    /** A builder for polling retrieval with the defaults. */
    public static Builder polling() {
        return new Builder(Mode.POLLING);
    }

    /** A builder for enhanced fan-out retrieval with the defaults. */
    public static Builder fanOut() {
        return new Builder(Mode.FAN_OUT);
    }

    /** Polling with every default. */
    public static RetrievalConfig defaults() {
        return polling().build();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Polling (GetRecords) or enhanced fan-out (SubscribeToShard). */
    public Mode mode() {
        return mode;
    }

    /** Records asked for per {@code GetRecords} call (polling). */
    public int maxRecordsPerCall() {
        return maxRecordsPerCall;
    }

    /** The wait before the next {@code GetRecords} once the shard is caught up (polling). */
    public Duration idleInterval() {
        return idleInterval;
    }

    /**
     * This application's share of the 5 {@code GetRecords} calls per second per shard (polling): the most calls it
     * makes per second on one shard; lowered for a while when Kinesis throttles the shard (see the class comment).
     */
    public double callsPerSecondPerShard() {
        return callsPerSecondPerShard;
    }

    /** Most user records buffered per shard before fetching pauses. */
    public int maxPrefetchRecords() {
        return maxPrefetchRecords;
    }

    /** Most payload bytes buffered per shard before fetching pauses. */
    public long maxPrefetchBytes() {
        return maxPrefetchBytes;
    }

    /** First delay of the exponential backoff after a retryable error. */
    public Duration retryBackoffBase() {
        return retryBackoffBase;
    }

    /** Longest delay of the exponential backoff. */
    public Duration retryBackoffMax() {
        return retryBackoffMax;
    }

    /** Threads of the executor shared by every fetcher of a factory. */
    public int fetchThreads() {
        return fetchThreads;
    }

    /** The enhanced fan-out consumer's name, or {@code null} to use the application name (fan-out). */
    public String consumerName() {
        return consumerName;
    }

    /** A registered consumer's ARN to use as it is, skipping registration, or {@code null} (fan-out). */
    public String consumerArn() {
        return consumerArn;
    }

    /** Re-subscribe after a subscription has lived this long (fan-out); Kinesis ends one at 5 minutes. */
    public Duration subscriptionRenewalInterval() {
        return subscriptionRenewalInterval;
    }

    /** How long to wait for a registered consumer to become ACTIVE before failing (fan-out). */
    public Duration consumerRegistrationTimeout() {
        return consumerRegistrationTimeout;
    }

    /**
     * How long a subscription may deliver only empty, caught-up events before the fetcher checks once with
     * {@code GetShardIterator} + {@code GetRecords} whether the shard is closed and read to its end (fan-out);
     * {@link Duration#ZERO} never checks. Kinesis reports the end with the child shards in the last event; the check
     * covers a service or emulator that does not (kinesis-mock 0.6.2 never does). Probe errors are ignored.
     */
    public Duration shardEndProbeInterval() {
        return shardEndProbeInterval;
    }

    /**
     * How long a subscription may stay silent while an event is requested (or stay unopened) before it is treated as
     * stalled, cancelled and replaced from the continuation sequence number (fan-out).
     */
    public Duration subscriptionStallTimeout() {
        return subscriptionStallTimeout;
    }

    /** Attempts in all of one {@code ListShards} of the shard sync on retryable errors (throttling, 5xx, I/O). */
    public int listShardsMaxAttempts() {
        return listShardsMaxAttempts;
    }

    /**
     * The SDK {@code apiCallTimeout} (every attempt and the SDK's own retries) of each Kinesis request but
     * {@code SubscribeToShard}.
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The SDK {@code apiCallAttemptTimeout} of each Kinesis request but {@code SubscribeToShard}. */
    public Duration requestAttemptTimeout() {
        return requestAttemptTimeout;
    }

    /** What de-aggregation does with a user record outside the shard's hash-key range; see the enum. */
    public OutsideRangeUserRecords outsideRangeUserRecords() {
        return outsideRangeUserRecords;
    }

    /** At most one WARN per shard per this interval about delivered out-of-range user records. */
    public Duration outsideRangeWarnInterval() {
        return outsideRangeWarnInterval;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RetrievalConfig other)) {
            return false;
        }
        return mode == other.mode && maxRecordsPerCall == other.maxRecordsPerCall
                && idleInterval.equals(other.idleInterval)
                && Double.compare(callsPerSecondPerShard, other.callsPerSecondPerShard) == 0
                && maxPrefetchRecords == other.maxPrefetchRecords && maxPrefetchBytes == other.maxPrefetchBytes
                && retryBackoffBase.equals(other.retryBackoffBase) && retryBackoffMax.equals(other.retryBackoffMax)
                && fetchThreads == other.fetchThreads && Objects.equals(consumerName, other.consumerName)
                && Objects.equals(consumerArn, other.consumerArn)
                && subscriptionRenewalInterval.equals(other.subscriptionRenewalInterval)
                && consumerRegistrationTimeout.equals(other.consumerRegistrationTimeout)
                && shardEndProbeInterval.equals(other.shardEndProbeInterval)
                && subscriptionStallTimeout.equals(other.subscriptionStallTimeout)
                && listShardsMaxAttempts == other.listShardsMaxAttempts
                && requestTimeout.equals(other.requestTimeout)
                && requestAttemptTimeout.equals(other.requestAttemptTimeout)
                && outsideRangeUserRecords == other.outsideRangeUserRecords
                && outsideRangeWarnInterval.equals(other.outsideRangeWarnInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, maxRecordsPerCall, idleInterval, callsPerSecondPerShard, maxPrefetchRecords,
                maxPrefetchBytes, retryBackoffBase, retryBackoffMax, fetchThreads, consumerName, consumerArn,
                subscriptionRenewalInterval, consumerRegistrationTimeout, shardEndProbeInterval, subscriptionStallTimeout,
                listShardsMaxAttempts, requestTimeout, requestAttemptTimeout, outsideRangeUserRecords,
                outsideRangeWarnInterval);
    }

    @Override
    public String toString() {
        String common = "maxPrefetchRecords=" + maxPrefetchRecords + ", maxPrefetchBytes=" + maxPrefetchBytes
                + ", retryBackoffBase=" + retryBackoffBase + ", retryBackoffMax=" + retryBackoffMax
                + ", fetchThreads=" + fetchThreads + ", listShardsMaxAttempts=" + listShardsMaxAttempts
                + ", requestTimeout=" + requestTimeout + ", requestAttemptTimeout=" + requestAttemptTimeout
                + ", outsideRangeUserRecords=" + outsideRangeUserRecords
                + ", outsideRangeWarnInterval=" + outsideRangeWarnInterval;
        if (mode == Mode.POLLING) {
            return "RetrievalConfig[POLLING, maxRecordsPerCall=" + maxRecordsPerCall + ", idleInterval="
                    + idleInterval + ", callsPerSecondPerShard=" + callsPerSecondPerShard + ", " + common + "]";
        }
        return "RetrievalConfig[FAN_OUT, consumerName=" + consumerName + ", consumerArn=" + consumerArn
                + ", subscriptionRenewalInterval=" + subscriptionRenewalInterval
                + ", consumerRegistrationTimeout=" + consumerRegistrationTimeout
                + ", shardEndProbeInterval=" + shardEndProbeInterval
                + ", subscriptionStallTimeout=" + subscriptionStallTimeout + ", " + common + "]";
    }

    /** Mutable builder; not thread-safe. Settings of the other mode are kept but not used. */
    public static final class Builder {

        private static final ConfigChecks CHECK = ConfigChecks.of("RetrievalConfig");

        private Mode mode;
        private int maxRecordsPerCall = MAX_RECORDS_PER_CALL_LIMIT;
        private Duration idleInterval = Duration.ofSeconds(1);
        private double callsPerSecondPerShard = 3.0;
        private int maxPrefetchRecords = 10_000;
        private long maxPrefetchBytes = 4L * 1024 * 1024;
        private Duration retryBackoffBase = Duration.ofMillis(200);
        private Duration retryBackoffMax = Duration.ofSeconds(10);
        private int fetchThreads = 2;
        private String consumerName;
        private String consumerArn;
        private Duration subscriptionRenewalInterval = MAX_SUBSCRIPTION_DURATION;
        private Duration consumerRegistrationTimeout = Duration.ofMinutes(2);
        private Duration shardEndProbeInterval = Duration.ofSeconds(30);
        private Duration subscriptionStallTimeout = Duration.ofSeconds(30);
        private int listShardsMaxAttempts = 5;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration requestAttemptTimeout = Duration.ofSeconds(10);
        private OutsideRangeUserRecords outsideRangeUserRecords = OutsideRangeUserRecords.DELIVER;
        private Duration outsideRangeWarnInterval = Duration.ofMinutes(1);

        private Builder(Mode mode) {
            this.mode = mode;
        }

        private Builder(RetrievalConfig c) {
            this.mode = c.mode;
            this.maxRecordsPerCall = c.maxRecordsPerCall;
            this.idleInterval = c.idleInterval;
            this.callsPerSecondPerShard = c.callsPerSecondPerShard;
            this.maxPrefetchRecords = c.maxPrefetchRecords;
            this.maxPrefetchBytes = c.maxPrefetchBytes;
            this.retryBackoffBase = c.retryBackoffBase;
            this.retryBackoffMax = c.retryBackoffMax;
            this.fetchThreads = c.fetchThreads;
            this.consumerName = c.consumerName;
            this.consumerArn = c.consumerArn;
            this.subscriptionRenewalInterval = c.subscriptionRenewalInterval;
            this.consumerRegistrationTimeout = c.consumerRegistrationTimeout;
            this.shardEndProbeInterval = c.shardEndProbeInterval;
            this.subscriptionStallTimeout = c.subscriptionStallTimeout;
            this.listShardsMaxAttempts = c.listShardsMaxAttempts;
            this.requestTimeout = c.requestTimeout;
            this.requestAttemptTimeout = c.requestAttemptTimeout;
            this.outsideRangeUserRecords = c.outsideRangeUserRecords;
            this.outsideRangeWarnInterval = c.outsideRangeWarnInterval;
        }

        /**
         * Sets {@code mode}; {@code build()} checks it.
         *
         * @param mode the value
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#maxRecordsPerCall()}.
         *
         * @param maxRecordsPerCall the value (checked by {@code build()})
         * @return this builder
         */
        public Builder maxRecordsPerCall(int maxRecordsPerCall) {
            this.maxRecordsPerCall = maxRecordsPerCall;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#idleInterval()}.
         *
         * @param idleInterval the value (checked by {@code build()})
         * @return this builder
         */
        public Builder idleInterval(Duration idleInterval) {
            this.idleInterval = idleInterval;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#callsPerSecondPerShard()}.
         *
         * @param callsPerSecondPerShard the value (checked by {@code build()})
         * @return this builder
         */
        public Builder callsPerSecondPerShard(double callsPerSecondPerShard) {
            this.callsPerSecondPerShard = callsPerSecondPerShard;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#maxPrefetchRecords()}.
         *
         * @param maxPrefetchRecords the value (checked by {@code build()})
         * @return this builder
         */
        public Builder maxPrefetchRecords(int maxPrefetchRecords) {
            this.maxPrefetchRecords = maxPrefetchRecords;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#maxPrefetchBytes()}.
         *
         * @param maxPrefetchBytes the value (checked by {@code build()})
         * @return this builder
         */
        public Builder maxPrefetchBytes(long maxPrefetchBytes) {
            this.maxPrefetchBytes = maxPrefetchBytes;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#retryBackoffBase()}.
         *
         * @param retryBackoffBase the value (checked by {@code build()})
         * @return this builder
         */
        public Builder retryBackoffBase(Duration retryBackoffBase) {
            this.retryBackoffBase = retryBackoffBase;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#retryBackoffMax()}.
         *
         * @param retryBackoffMax the value (checked by {@code build()})
         * @return this builder
         */
        public Builder retryBackoffMax(Duration retryBackoffMax) {
            this.retryBackoffMax = retryBackoffMax;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#fetchThreads()}.
         *
         * @param fetchThreads the value (checked by {@code build()})
         * @return this builder
         */
        public Builder fetchThreads(int fetchThreads) {
            this.fetchThreads = fetchThreads;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#consumerName()}.
         *
         * @param consumerName the value (checked by {@code build()})
         * @return this builder
         */
        public Builder consumerName(String consumerName) {
            this.consumerName = consumerName;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#consumerArn()}.
         *
         * @param consumerArn the value (checked by {@code build()})
         * @return this builder
         */
        public Builder consumerArn(String consumerArn) {
            this.consumerArn = consumerArn;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#subscriptionRenewalInterval()}.
         *
         * @param subscriptionRenewalInterval the value (checked by {@code build()})
         * @return this builder
         */
        public Builder subscriptionRenewalInterval(Duration subscriptionRenewalInterval) {
            this.subscriptionRenewalInterval = subscriptionRenewalInterval;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#consumerRegistrationTimeout()}.
         *
         * @param consumerRegistrationTimeout the value (checked by {@code build()})
         * @return this builder
         */
        public Builder consumerRegistrationTimeout(Duration consumerRegistrationTimeout) {
            this.consumerRegistrationTimeout = consumerRegistrationTimeout;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#shardEndProbeInterval()}.
         *
         * @param shardEndProbeInterval the value (checked by {@code build()})
         * @return this builder
         */
        public Builder shardEndProbeInterval(Duration shardEndProbeInterval) {
            this.shardEndProbeInterval = shardEndProbeInterval;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#subscriptionStallTimeout()}.
         *
         * @param subscriptionStallTimeout the value (checked by {@code build()})
         * @return this builder
         */
        public Builder subscriptionStallTimeout(Duration subscriptionStallTimeout) {
            this.subscriptionStallTimeout = subscriptionStallTimeout;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#requestTimeout()}: the SDK {@code apiCallTimeout} of each Kinesis request but
         * {@code SubscribeToShard}; default 30 s.
         *
         * @param requestTimeout the value (checked by {@code build()}: positive, at least the attempt timeout)
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Sets {@link RetrievalConfig#requestAttemptTimeout()}: the SDK {@code apiCallAttemptTimeout} of each Kinesis
         * request but {@code SubscribeToShard}; default 10 s.
         *
         * @param requestAttemptTimeout the value (checked by {@code build()}: positive)
         * @return this builder
         */
        public Builder requestAttemptTimeout(Duration requestAttemptTimeout) {
            this.requestAttemptTimeout = requestAttemptTimeout;
            return this;
        }

        /** Attempts in all (the first included) of one {@code ListShards} of the shard sync; 1 disables retries. */
        public Builder listShardsMaxAttempts(int listShardsMaxAttempts) {
            this.listShardsMaxAttempts = listShardsMaxAttempts;
            return this;
        }

        /**
         * What to do with a user record of an aggregate whose hash key lies outside the shard it was read from.
         * {@link OutsideRangeUserRecords#DELIVER} (the default) delivers it flagged
         * {@link io.shardline.kcl.KinesisClientRecord#outsideShardHashRange()}: producers other than the KPL (AWS Labs'
         * {@code kinesis-aggregation}) aggregate records of any key, and such a record is in no other shard.
         * {@link OutsideRangeUserRecords#DROP} is Amazon KCL's rule, for fleets whose producers are all the KPL: the
         * KPL re-sends a user record that reached the wrong shard (its shard map was stale across a reshard) to the
         * right shard, so the out-of-range copy is a duplicate. Dropped records are counted
         * ({@code shardline.kpl.dropped}), always WARN-logged, and stored in the consumer's
         * {@link io.shardline.kcl.FailurePolicy#deadLetterSink() dead-letter sink} when one is configured.
         */
        public Builder outsideRangeUserRecords(OutsideRangeUserRecords outsideRangeUserRecords) {
            this.outsideRangeUserRecords = outsideRangeUserRecords;
            return this;
        }

        /** At most one WARN per shard per this interval about delivered out-of-range user records; default 1 min. */
        public Builder outsideRangeWarnInterval(Duration outsideRangeWarnInterval) {
            this.outsideRangeWarnInterval = outsideRangeWarnInterval;
            return this;
        }

        /** Validates and builds. */
        public RetrievalConfig build() {
            CHECK.required("mode", mode);
            CHECK.between("maxRecordsPerCall", maxRecordsPerCall, 1, MAX_RECORDS_PER_CALL_LIMIT);
            CHECK.positive("idleInterval", idleInterval);
            CHECK.check(callsPerSecondPerShard > 0 && callsPerSecondPerShard <= CALLS_PER_SECOND_PER_SHARD_LIMIT,
                    "callsPerSecondPerShard", callsPerSecondPerShard, "must be > 0 and <= "
                            + CALLS_PER_SECOND_PER_SHARD_LIMIT);
            CHECK.atLeast("maxPrefetchRecords", maxPrefetchRecords, 1);
            CHECK.atLeast("maxPrefetchBytes", maxPrefetchBytes, 1);
            CHECK.positive("retryBackoffBase", retryBackoffBase);
            CHECK.atLeast("retryBackoffMax", CHECK.positive("retryBackoffMax", retryBackoffMax), "retryBackoffBase",
                    retryBackoffBase);
            CHECK.atLeast("fetchThreads", fetchThreads, 1);
            CHECK.check(consumerName == null || !consumerName.isBlank(), "consumerName", consumerName,
                    "must not be blank");
            CHECK.check(consumerArn == null || consumerArn.startsWith("arn:"), "consumerArn", consumerArn,
                    "must be an ARN");
            CHECK.positive("subscriptionRenewalInterval", subscriptionRenewalInterval);
            CHECK.check(subscriptionRenewalInterval.compareTo(MAX_SUBSCRIPTION_DURATION) <= 0,
                    "subscriptionRenewalInterval", subscriptionRenewalInterval,
                    "must be <= " + MAX_SUBSCRIPTION_DURATION);
            CHECK.positive("consumerRegistrationTimeout", consumerRegistrationTimeout);
            CHECK.nonNegative("shardEndProbeInterval", shardEndProbeInterval);
            CHECK.positive("subscriptionStallTimeout", subscriptionStallTimeout);
            CHECK.atLeast("listShardsMaxAttempts", listShardsMaxAttempts, 1);
            CHECK.positive("requestAttemptTimeout", requestAttemptTimeout);
            CHECK.atLeast("requestTimeout", CHECK.positive("requestTimeout", requestTimeout), "requestAttemptTimeout",
                    requestAttemptTimeout);
            CHECK.required("outsideRangeUserRecords", outsideRangeUserRecords);
            CHECK.positive("outsideRangeWarnInterval", outsideRangeWarnInterval);
            return new RetrievalConfig(this);
        }
    }
}
