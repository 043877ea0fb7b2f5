package io.shardline.lease;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A manual {@link Time} that only moves when told to. {@link #instant()} is the monotonic timeline (what tests hand
 * to {@code poll}; {@link #nanoTime()} is the same point in nanoseconds since the epoch); {@link #advance} moves both
 * clocks, {@link #stepWallClock} moves only the wall clock, forward or back. Thread-safe.
 */
public final class ManualClock implements InstantSource, Time {

    private final AtomicReference<Instant> now;
    private volatile Duration wallOffset = Duration.ZERO;

    public ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public static ManualClock startingAt(String isoInstant) {
        return new ManualClock(Instant.parse(isoInstant));
    }

    /** The monotonic timeline as an instant. */
    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long nanoTime() {
        Instant t = now.get();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Override
    public Instant wallClock() {
        return now.get().plus(wallOffset);
    }

    public Instant advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a clock does not go back: " + d);
        }
        return now.updateAndGet(t -> t.plus(d));
    }

    /** Steps the wall clock alone by {@code d} (an NTP correction): the monotonic clock does not move. */
    public void stepWallClock(Duration d) {
        wallOffset = wallOffset.plus(d);
    }
}
