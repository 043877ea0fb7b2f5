package io.shardline.lease.internal;

import java.time.Instant;

/**
 * The coordinator core's timeline: a {@code Time.nanoTime()} value {@code n} is the instant {@code EPOCH + n ns}.
 * The core computes with {@link Instant}s (readable durations, {@code isBefore}), but every instant it sees comes
 * from the monotonic clock, never from the wall clock. Range: about +-292 years around the epoch, so any
 * {@code nanoTime} value fits.
 */
public final class Monotonic {

    private Monotonic() {
    }

    /** The instant on the core's timeline of monotonic time {@code nanoTime}. */
    public static Instant instant(long nanoTime) {
        return Instant.EPOCH.plusNanos(nanoTime);
    }

    /** The monotonic time of {@code instant} on the core's timeline (the inverse of {@link #instant(long)}). */
    public static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
