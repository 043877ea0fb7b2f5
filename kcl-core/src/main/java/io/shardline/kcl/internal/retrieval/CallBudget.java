package io.shardline.kcl.internal.retrieval;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The {@code GetRecords} budget of one shard: how long to wait before the next call. Called by one fetch step at a
 * time; implementations must be thread-safe anyway.
 */
interface CallBudget {

    /** Reserves the next call and returns how long to wait before making it (zero: now). Never blocks. */
    Duration reserve();

    /**
     * Kinesis throttled a {@code GetRecords} call of this shard: the shard's read budget, shared by every application
     * reading the stream, is exhausted. A budget may lower its rate; the default ignores it.
     */
    default void throttled() {
    }

    /** No limit (tests). */
    static CallBudget unlimited() {
        return () -> Duration.ZERO;
    }

    /**
     * At most {@code callsPerSecond} calls per second, evenly spaced, lowered while Kinesis throttles the shard: see
     * {@link ThrottleAdaptiveCallBudget}.
     *
     * @param nanoTime the fetch scheduler's monotonic clock
     */
    static CallBudget throttleAdaptive(double callsPerSecond, LongSupplier nanoTime) {
        return new ThrottleAdaptiveCallBudget(callsPerSecond, nanoTime);
    }
}
