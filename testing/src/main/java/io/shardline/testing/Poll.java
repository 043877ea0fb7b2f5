package io.shardline.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Polls a condition until it holds or a deadline passes, with a growing interval. The testing module's own
 * waits use this rather than Awaitility so that it needs no Awaitility at run time (samples and benchmarks use
 * this module at compile scope while the parent pom puts Awaitility in test scope).
 */
final class Poll {

    private final String what;
    private final Duration timeout;
    private final Duration firstInterval;
    private final Duration maxInterval;

    private Poll(String what, Duration timeout, Duration firstInterval, Duration maxInterval) {
        this.what = what;
        this.timeout = timeout;
        this.firstInterval = firstInterval;
        this.maxInterval = maxInterval;
    }

    /** Polls every {@code interval} until {@code timeout}. */
    static Poll every(Duration interval, Duration timeout, String what) {
        return new Poll(what, timeout, interval, interval);
    }

    /** Polls after {@code first}, then doubling up to {@code max}, until {@code timeout}. */
    static Poll backingOff(Duration first, Duration max, Duration timeout, String what) {
        return new Poll(what, timeout, first, max);
    }

    /**
     * Calls {@code condition} at once and then after each interval until it returns true.
     *
     * @throws IllegalStateException when the deadline passes; exceptions of the condition propagate at once
     */
    void until(Callable<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration interval = firstInterval;
        while (true) {
            if (call(condition)) {
                return;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            pause(Math.min(remaining, interval.toNanos()));
            interval = interval.multipliedBy(2).compareTo(maxInterval) > 0 ? maxInterval : interval.multipliedBy(2);
        }
    }

    private boolean call(Callable<Boolean> condition) {
        try {
            return Boolean.TRUE.equals(condition.call());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("failed while waiting for " + what, e);
        }
    }

    private void pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }
}
