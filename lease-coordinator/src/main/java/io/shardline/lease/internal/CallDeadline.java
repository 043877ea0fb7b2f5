package io.shardline.lease.internal;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The deadline of the store call running on this thread, set by {@link StoreResilience} around all attempts of one
 * call and read where the call meets the SDK ({@code internal.dynamodb}): each request carries
 * {@code apiCallTimeout = min(remaining, attempt timeout)} in its override configuration, and the wait for its
 * future is bounded by the same. Without a deadline on the thread (a bare DynamoDB store) the
 * {@linkplain #DEFAULT_API_CALL_TIMEOUT defaults} apply. Monotonic time ({@link System#nanoTime()}).
 */
public final class CallDeadline {

    /** API-call timeout of a call made outside any resilient store (no deadline on the thread). */
    public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(10);
    /** Attempt timeout of a call made outside any resilient store. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    /** The shortest timeout handed to the SDK (a spent budget still makes one short attempt, which fails fast). */
    static final Duration MIN_TIMEOUT = Duration.ofMillis(10);

    private static final ThreadLocal<Budget> CURRENT = new ThreadLocal<>();

    /** The timeouts of the next request on this thread. */
    public record Timeouts(Duration apiCallTimeout, Duration attemptTimeout) {
    }

    private record Budget(long deadlineNanos, Duration attemptTimeout) {
    }

    private CallDeadline() {
    }

    /** Runs {@code body} with the calls it makes bounded by {@code deadlineNanos} (absolute, monotonic). */
    static <T> T within(long deadlineNanos, Duration attemptTimeout, Supplier<T> body) {
        Budget previous = CURRENT.get();
        Budget budget = previous != null && previous.deadlineNanos - deadlineNanos < 0
                ? previous // an outer, earlier deadline wins
                : new Budget(deadlineNanos, attemptTimeout);
        CURRENT.set(budget);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** The timeouts for a request sent now on this thread. */
    public static Timeouts current() {
        Budget b = CURRENT.get();
        if (b == null) {
            return new Timeouts(DEFAULT_API_CALL_TIMEOUT, DEFAULT_ATTEMPT_TIMEOUT);
        }
        Duration remaining = Duration.ofNanos(Math.max(b.deadlineNanos - System.nanoTime(), 0));
        if (remaining.compareTo(MIN_TIMEOUT) < 0) {
            remaining = MIN_TIMEOUT;
        }
        Duration attempt = b.attemptTimeout.compareTo(remaining) < 0 ? b.attemptTimeout : remaining;
        return new Timeouts(remaining, attempt);
    }
}
