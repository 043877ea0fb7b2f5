package io.shardline.benchmarks.harness;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: the benchmarks' replacement for a bare sleep. */
public final class Wait {

    /** How often {@link #until} polls unless told otherwise: fine enough for figures reported in milliseconds. */
    public static final Duration DEFAULT_POLL = Duration.ofMillis(10);

    private Wait() {
    }

    /**
     * Returns once {@code condition} holds.
     *
     * @throws IllegalStateException when it does not hold within {@code timeout}; the message names {@code what} and
     *     adds {@code diagnostics} (for example the tail of a worker's log)
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> diagnostics) {
        if (!holdsWithin(timeout, DEFAULT_POLL, condition)) {
            throw new IllegalStateException("timed out after " + timeout + " waiting for " + what
                    + (diagnostics == null ? "" : "\n" + diagnostics.get()));
        }
    }

    /** {@link #until(String, Duration, BooleanSupplier, Supplier)} without diagnostics. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, null);
    }

    /** Whether {@code condition} holds at some poll within {@code timeout}. */
    public static boolean holdsWithin(Duration timeout, Duration poll, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            pause(Math.min(remaining, poll.toNanos()));
        }
        return true;
    }

    /**
     * Waits until {@code deadlineNanos} ({@link System#nanoTime()} scale) for pacing loops (a producer at a fixed
     * rate), where the time itself is the condition.
     */
    public static void untilNanoTime(long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining > 0) {
            pause(remaining);
        }
    }

    private static void pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
