package io.shardline.kcl.internal.retrieval;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A shard's {@code GetRecords} budget that spaces calls evenly at this application's share of the shard's
 * 5 calls/s ({@code RetrievalConfig.callsPerSecondPerShard}, the ceiling) and gives way to other applications when
 * Kinesis throttles: additive increase, multiplicative decrease.
 *
 * <ul>
 *   <li>Each call gets the next free slot: slots are {@code 1 / rate} apart, so calls never come faster than the
 *       current rate, and a fetcher that calls less often (caught up, slow processor) never saves up a burst.</li>
 *   <li>A throttled {@code GetRecords} halves the rate, at most once per {@link #DECREASE_SPACING} (one throttling
 *       streak is one event, not one halving per retry), never below {@link #FLOOR_CALLS_PER_SECOND} (or the
 *       ceiling, if that is lower).</li>
 *   <li>After {@link #RECOVERY_INTERVAL} without a throttle the rate rises by {@link #RECOVERY_STEP}, and again after
 *       each further interval, back up to the ceiling.</li>
 * </ul>
 *
 * <p>So two applications that each ask for more than half of the shard's calls settle below the limit after a
 * throttle or two, and probe back up slowly (one short throttling streak every couple of minutes at most), instead
 * of throttling each other on every other call. A worker alone on the stream is never throttled and stays at the
 * ceiling.
 *
 * <p>Why not resilience4j's {@code RateLimiter} (the first version used it): its refresh period is fixed when it is
 * built and it reads {@code System.nanoTime()} itself; this budget changes its rate and takes the fetch scheduler's
 * clock, so tests drive it on virtual time. The arithmetic is a few lines under one lock, uncontended (one fetcher).
 */
final class ThrottleAdaptiveCallBudget implements CallBudget {

    /** The lowest rate throttling can push a shard to: one call every 2 s, a bounded latency penalty. */
    static final double FLOOR_CALLS_PER_SECOND = 0.5;
    /** Throttles closer together than this count as one event (Kinesis counts calls per second). */
    static final Duration DECREASE_SPACING = Duration.ofSeconds(1);
    /** How long the rate must go without a throttle before each step back up. */
    static final Duration RECOVERY_INTERVAL = Duration.ofSeconds(30);
    /** Calls per second added per {@link #RECOVERY_INTERVAL}. */
    static final double RECOVERY_STEP = 0.5;

    private final double ceiling;
    private final double floor;
    private final LongSupplier nanoTime;

    // Guarded by this.
    private double rate;
    private long nextSlotNanos;
    private long lastChangeNanos;
    private long lastDecreaseNanos;
    private boolean reserved;
    private boolean decreased;

    ThrottleAdaptiveCallBudget(double callsPerSecond, LongSupplier nanoTime) {
        if (!(callsPerSecond > 0)) {
            throw new IllegalArgumentException("callsPerSecond must be > 0, was " + callsPerSecond);
        }
        this.ceiling = callsPerSecond;
        this.floor = Math.min(callsPerSecond, FLOOR_CALLS_PER_SECOND);
        this.nanoTime = nanoTime;
        this.rate = callsPerSecond;
    }

    @Override
    public synchronized Duration reserve() {
        long now = nanoTime.getAsLong();
        recover(now);
        long slot = reserved ? Math.max(now, nextSlotNanos) : now;
        reserved = true;
        nextSlotNanos = slot + periodNanos();
        return Duration.ofNanos(slot - now);
    }

    @Override
    public synchronized void throttled() {
        long now = nanoTime.getAsLong();
        recover(now);
        if (decreased && now - lastDecreaseNanos < DECREASE_SPACING.toNanos()) {
            return;
        }
        rate = Math.max(floor, rate / 2);
        decreased = true;
        lastDecreaseNanos = now;
        lastChangeNanos = now;
    }

    /** The current rate in calls per second (tests, logs). */
    synchronized double callsPerSecond() {
        recover(nanoTime.getAsLong());
        return rate;
    }

    private void recover(long now) {
        long interval = RECOVERY_INTERVAL.toNanos();
        while (rate < ceiling && now - lastChangeNanos >= interval) {
            rate = Math.min(ceiling, rate + RECOVERY_STEP);
            lastChangeNanos += interval;
        }
    }

    private long periodNanos() {
        return Math.round(1_000_000_000d / rate);
    }
}
