package io.shardline.kcl;

import io.shardline.kcl.deadletter.DeadLetterSink;
import io.shardline.lease.internal.shared.ConfigChecks;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * What the consumer does when the application's processor throws from {@code processRecords}: immutable and validated.
 * {@link #defaults()}, {@link #builder()}, {@link #toBuilder()}; a bad value fails at {@link Builder#build()} with an
 * {@link IllegalArgumentException} naming the field and the value.
 *
 * <p><b>The sequence.</b>
 * <ol>
 *   <li><b>Retry</b> the batch, after a backoff ({@code retryBackoffBase} doubling up to {@code retryBackoffMax}), until
 *       {@code maxAttempts} calls in all failed.</li>
 *   <li><b>Bisect</b> ({@code bisect}, default on): the failing records are split in halves, tried in order, each half
 *       once; a failing half is split again, a half that succeeds is done. A single record gets {@code maxAttempts}
 *       calls of its own. So a poison record in a batch of {@code n} costs about {@code 2 * maxAttempts + 2 log2(n)}
 *       calls, and every record before it is processed.</li>
 *   <li><b>Give up</b> on the record(s) still failing, as {@code onExhausted} says: {@link OnExhausted#DEAD_LETTER}
 *       stores each in the {@code deadLetterSink} (whole payload and context, see
 *       {@link io.shardline.kcl.deadletter.DeadLetterEntry}) and goes on with the next record;
 *       {@link OnExhausted#STOP_SHARD} stops the shard: no further record of it is processed, its lease is kept (so no
 *       other worker skips the record either), nothing is checkpointed past the record. Either way one line is logged
 *       (ERROR for a stop, WARN for a dead letter) naming the shard, the sequence number and the error, and a meter
 *       counts it ({@code shardline.records.dead.lettered}, {@code shardline.shards.stopped}).</li>
 * </ol>
 * <b>Default of {@code onExhausted}:</b> {@code DEAD_LETTER} when a sink is configured, otherwise {@code STOP_SHARD}:
 * without a sink there is no place to park a record, and skipping it silently would lose it. There is no "retry
 * forever" setting: a poison record never blocks a shard silently.
 *
 * <p><b>Partial failures.</b> A processor that knows which records failed throws
 * {@link PartialBatchFailureException}: the records before the lowest failure count as processed, the consumer
 * checkpoints the record just before it (unless the processor checkpointed that far already), and only the failure and
 * what follows are retried; the record named failing is the one given up on, without bisection.
 *
 * <p><b>Not the record's fault.</b> The processor's {@link RecordCheckpointer} reports a checkpoint that could not be
 * written (the lease table throttled or down) as {@link io.shardline.checkpoint.CheckpointResult.Failed}, never by
 * throwing, so a processor that does not look at the result goes on and nothing is delivered again. A processor that
 * throws a {@link io.shardline.checkpoint.CheckpointException} of its own asks for the batch again: that is retried
 * with the backoff without counting towards {@code maxAttempts}, since a storage outage must not send good records to
 * the dead letters.
 *
 * <p><b>Maximum record age</b> ({@code maxRecordAge}, off by default): records whose Kinesis arrival time is older
 * than this when their batch reaches the consumer are sent to the sink without being processed (reason
 * {@code MAX_AGE_EXCEEDED}), so a consumer far behind can skip what is no longer useful. It needs a sink.
 *
 * <p>{@code initialize} and {@code shardEnded} failures are retried with the same backoff until they succeed (there is
 * no record to give up on); {@code leaseLost} and {@code shutdownRequested} failures are logged and the shutdown goes
 * on. {@code clock} (system by default) dates the entries and judges record age; tests inject one.
 */
public final class FailurePolicy {

    /** What to do with a record the processor still fails on after the retries and the bisection. */
    public enum OnExhausted {
        /** Store it in the dead-letter sink and go on with the next record. */
        DEAD_LETTER,
        /** Stop the shard: keep the lease, process nothing more of the shard, log one ERROR line. */
        STOP_SHARD
    }

    /** Default of {@link #maxAttempts()}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default of {@link #retryBackoffBase()}. */
    public static final Duration DEFAULT_RETRY_BACKOFF_BASE = Duration.ofMillis(100);
    /** Default of {@link #retryBackoffMax()}. */
    public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofSeconds(10);

    private static final FailurePolicy DEFAULTS = new Builder().build();

    private final int maxAttempts;
    private final Duration retryBackoffBase;
    private final Duration retryBackoffMax;
    private final boolean bisect;
    private final DeadLetterSink deadLetterSink;
    private final OnExhausted onExhaustedSetting;
    private final Duration maxRecordAge;
    private final InstantSource clock;

    private FailurePolicy(Builder b) {
        maxAttempts = b.maxAttempts;
        retryBackoffBase = b.retryBackoffBase;
        retryBackoffMax = b.retryBackoffMax;
        bisect = b.bisect;
        deadLetterSink = b.deadLetterSink;
        onExhaustedSetting = b.onExhausted;
        maxRecordAge = b.maxRecordAge;
        clock = b.clock;
    }

    /** 3 attempts, backoff 100 ms doubling to 10 s, bisection on, no sink (so: stop the shard), no age limit. */
    public static FailurePolicy defaults() {
        return DEFAULTS;
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
        b.maxAttempts = maxAttempts;
        b.retryBackoffBase = retryBackoffBase;
        b.retryBackoffMax = retryBackoffMax;
        b.bisect = bisect;
        b.deadLetterSink = deadLetterSink;
        b.onExhausted = onExhaustedSetting;
        b.maxRecordAge = maxRecordAge;
        b.clock = clock;
        return b;
    }

    /** {@code processRecords} calls in all (the first included) for one batch, and again for one isolated record. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The first wait before a retry; it doubles with each failure in a row. */
    public Duration retryBackoffBase() {
        return retryBackoffBase;
    }

    /** The longest wait before a retry. */
    public Duration retryBackoffMax() {
        return retryBackoffMax;
    }

    /** Whether a batch that keeps failing is split to isolate the failing record(s). */
    public boolean bisect() {
        return bisect;
    }

    /** Where given-up records go, or {@code null}. */
    public DeadLetterSink deadLetterSink() {
        return deadLetterSink;
    }

    /** The effective choice: as set, else {@code DEAD_LETTER} with a sink and {@code STOP_SHARD} without. */
    public OnExhausted onExhausted() {
        if (onExhaustedSetting != null) {
            return onExhaustedSetting;
        }
        return deadLetterSink != null ? OnExhausted.DEAD_LETTER : OnExhausted.STOP_SHARD;
    }

    /** Records older than this on arrival at the consumer go to the sink unprocessed; {@code null}: no limit. */
    public Duration maxRecordAge() {
        return maxRecordAge;
    }

    /** Dates the dead-letter entries and judges record age. */
    public InstantSource clock() {
        return clock;
    }

    /** The wait before retry number {@code failures} (1 for the first retry): base doubling, capped. */
    public Duration backoff(int failures) {
        Duration wait = retryBackoffBase;
        for (int i = 1; i < failures && wait.compareTo(retryBackoffMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(retryBackoffMax) > 0 ? retryBackoffMax : wait;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FailurePolicy p && maxAttempts == p.maxAttempts
                && retryBackoffBase.equals(p.retryBackoffBase) && retryBackoffMax.equals(p.retryBackoffMax)
                && bisect == p.bisect && Objects.equals(deadLetterSink, p.deadLetterSink)
                && onExhaustedSetting == p.onExhaustedSetting && Objects.equals(maxRecordAge, p.maxRecordAge)
                && clock.equals(p.clock);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, retryBackoffBase, retryBackoffMax, bisect, deadLetterSink,
                onExhaustedSetting, maxRecordAge, clock);
    }

    @Override
    public String toString() {
        return "FailurePolicy{maxAttempts=" + maxAttempts + ", backoff=" + retryBackoffBase + ".." + retryBackoffMax
                + ", bisect=" + bisect + ", onExhausted=" + onExhausted()
                + (onExhaustedSetting == null ? " (default)" : "") + ", deadLetterSink=" + deadLetterSink
                + ", maxRecordAge=" + maxRecordAge + "}";
    }

    /** Mutable builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private static final ConfigChecks CHECK = ConfigChecks.of("FailurePolicy");

        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration retryBackoffBase = DEFAULT_RETRY_BACKOFF_BASE;
        private Duration retryBackoffMax = DEFAULT_RETRY_BACKOFF_MAX;
        private boolean bisect = true;
        private DeadLetterSink deadLetterSink;
        private OnExhausted onExhausted;
        private Duration maxRecordAge;
        private InstantSource clock = InstantSource.system();

        private Builder() {
        }

        /** Calls in all for one batch (the first included), and for one isolated record; at least 1. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets {@link FailurePolicy#retryBackoffBase()}.
         *
         * @param retryBackoffBase the value (checked by {@code build()})
         * @return this builder
         */
        public Builder retryBackoffBase(Duration retryBackoffBase) {
            this.retryBackoffBase = retryBackoffBase;
            return this;
        }

        /**
         * Sets {@link FailurePolicy#retryBackoffMax()}.
         *
         * @param retryBackoffMax the value (checked by {@code build()})
         * @return this builder
         */
        public Builder retryBackoffMax(Duration retryBackoffMax) {
            this.retryBackoffMax = retryBackoffMax;
            return this;
        }

        /** False: after {@code maxAttempts}, every record of the failing (sub-)batch is given up on together. */
        public Builder bisect(boolean bisect) {
            this.bisect = bisect;
            return this;
        }

        /** Where given-up records go; {@code null} for none. */
        public Builder deadLetterSink(DeadLetterSink deadLetterSink) {
            this.deadLetterSink = deadLetterSink;
            return this;
        }

        /** An explicit choice; {@code null} restores the default (dead letter with a sink, stop without). */
        public Builder onExhausted(OnExhausted onExhausted) {
            this.onExhausted = onExhausted;
            return this;
        }

        /** Records older than this go to the sink unprocessed; {@code null} (the default) for no limit. */
        public Builder maxRecordAge(Duration maxRecordAge) {
            this.maxRecordAge = maxRecordAge;
            return this;
        }

        /**
         * Sets {@link FailurePolicy#clock()}.
         *
         * @param clock the value (checked by {@code build()})
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = clock;
            return this;
        }

        /** @throws IllegalArgumentException naming the field and the value of the first rule broken */
        public FailurePolicy build() {
            CHECK.atLeast("maxAttempts", maxAttempts, 1);
            CHECK.positive("retryBackoffBase", retryBackoffBase);
            CHECK.atLeast("retryBackoffMax", CHECK.positive("retryBackoffMax", retryBackoffMax), "retryBackoffBase",
                    retryBackoffBase);
            CHECK.check(onExhausted != OnExhausted.DEAD_LETTER || deadLetterSink != null, "onExhausted", onExhausted,
                    "needs a deadLetterSink");
            if (maxRecordAge != null) {
                CHECK.positive("maxRecordAge", maxRecordAge);
                CHECK.check(deadLetterSink != null, "maxRecordAge", maxRecordAge,
                        "needs a deadLetterSink for the records too old");
            }
            CHECK.required("clock", clock);
            return new FailurePolicy(this);
        }
    }
}
