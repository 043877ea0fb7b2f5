package io.shardline.lease;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The two clocks of a worker, kept apart on purpose (Kafka's {@code Time}): a <b>monotonic</b> clock for every
 * safety and timing decision (heartbeat liveness, the self-fence deadline, handoff, leader and shutdown expiry,
 * backoffs, store-call budgets) and the <b>wall clock</b> only for dates (a record's age, a dead letter's
 * {@code failedAt}, {@code AT_TIMESTAMP}). A wall-clock step (an NTP correction, a VM resume) therefore never makes
 * a worker keep its leases past its self-fence deadline, nor makes a peer declare a live worker dead.
 *
 * <p>Implementations are thread-safe. {@link #system()} in production; tests drive both clocks by hand (a manual
 * time whose {@code nanoTime} advances with its wall clock unless the wall clock is stepped on its own).
 */
public interface Time {

    /**
     * Monotonic nanoseconds with an arbitrary origin, like {@link System#nanoTime()}: only differences mean
     * anything, compared as {@code a - b > 0}. Never goes back.
     */
    long nanoTime();

    /** The wall clock: dates only, never deadlines. May step forward or back. */
    Instant wallClock();

    /** The wall clock as an {@link InstantSource} (for components that stamp dates). */
    default InstantSource wallClockSource() {
        return this::wallClock;
    }

    /** {@link System#nanoTime()} and the system's UTC wall clock. */
    static Time system() {
        return SystemTime.INSTANCE;
    }

    /** The given clocks: {@code nanoTime} must be monotonic; {@code wallClock} is used for dates only. */
    static Time of(LongSupplier nanoTime, InstantSource wallClock) {
        Objects.requireNonNull(nanoTime, "nanoTime");
        Objects.requireNonNull(wallClock, "wallClock");
        return new Time() {
            @Override
            public long nanoTime() {
                return nanoTime.getAsLong();
            }

            @Override
            public Instant wallClock() {
                return wallClock.instant();
            }

            @Override
            public String toString() {
                return "Time{nanoTime=" + nanoTime + ", wallClock=" + wallClock + "}";
            }
        };
    }

    /** The real monotonic clock with another wall clock (tests that step the wall clock; an offset clock). */
    static Time withWallClock(InstantSource wallClock) {
        return of(System::nanoTime, wallClock);
    }
}

/** {@link Time#system()}. */
enum SystemTime implements Time {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant wallClock() {
        return Instant.now();
    }
}
