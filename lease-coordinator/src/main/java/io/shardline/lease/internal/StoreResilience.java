package io.shardline.lease.internal;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.core.IntervalFunction;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.StoreResilienceConfig;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retry around a circuit breaker around one store call: {@code Retry(CircuitBreaker(call))}, all within the call's
 * budget ({@link StoreResilienceConfig#callTimeout()}): each attempt runs under a {@link CallDeadline} (its requests
 * carry the remaining time as their SDK timeouts) and no retry starts whose backoff would end past the budget, so a
 * coordinator round stays bounded however the storage behaves. Each attempt counts in
 * the breaker; once it is open, attempts are rejected at once and a rejection is not retried, so an outage of the
 * table costs a few requests per {@code openStateWait}, not {@code maxAttempts} per caller per call. Only retryable
 * {@link LeaseStoreException}s are retried and counted as failures; a fenced write is a success of the storage.
 *
 * <p>Logs one line per circuit state change (WARN when it opens, INFO otherwise), never a stack trace per retry.
 */
final class StoreResilience {

    private static final Logger log = LoggerFactory.getLogger(StoreResilience.class);
    private static final Predicate<Throwable> RETRYABLE =
            e -> e instanceof LeaseStoreException lse && lse.isRetryable();

    private final String table;
    private final StoreResilienceConfig config;
    private final IntervalFunction backoff;
    private final CircuitBreaker breaker;
    private volatile Throwable lastFailure;

    StoreResilience(String table, StoreResilienceConfig config) {
        this.table = table;
        this.config = config;
        this.backoff = backoff(config);
        this.breaker = CircuitBreaker.of("shardline-store-" + table, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.slidingWindowSize())
                .minimumNumberOfCalls(config.minimumCalls())
                .failureRateThreshold(config.failureRateThreshold())
                .waitDurationInOpenState(config.openStateWait())
                .permittedNumberOfCallsInHalfOpenState(config.halfOpenCalls())
                .recordException(RETRYABLE)
                .build());
        breaker.getEventPublisher().onError(e -> lastFailure = e.getThrowable());
        breaker.getEventPublisher().onStateTransition(this::logTransition);
    }

    private static IntervalFunction backoff(StoreResilienceConfig c) {
        return c.jitter() == 0.0
                ? IntervalFunction.ofExponentialBackoff(c.initialBackoff(), c.backoffMultiplier(), c.maxBackoff())
                : IntervalFunction.ofExponentialRandomBackoff(c.initialBackoff(), c.backoffMultiplier(), c.jitter(),
                        c.maxBackoff());
    }

    /**
     * Runs {@code call} with retries and the circuit breaker.
     *
     * @throws LeaseStoreException the last failure once retries are exhausted or the failure is fatal; a retryable one
     *                             without reaching the storage while the circuit is open
     */
    <T> T call(String operation, String leaseKey, Supplier<T> call) {
        return call(operation, leaseKey, call, true);
    }

    /**
     * {@link #run} for {@code initialize}: table creation waits for the table to become ACTIVE (bounded by the table
     * config's {@code tableCreationTimeout}), so it has no call budget; each request still carries the
     * {@linkplain CallDeadline#DEFAULT_API_CALL_TIMEOUT default timeouts}.
     */
    void initialize(Runnable call) {
        call("initialize", null, () -> {
            call.run();
            return null;
        }, false);
    }

    private <T> T call(String operation, String leaseKey, Supplier<T> call, boolean budgeted) {
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker, call);
        long deadline = budgeted ? System.nanoTime() + config.callTimeout().toNanos() : Long.MAX_VALUE;
        for (int attempt = 1; ; attempt++) {
            try {
                return budgeted ? CallDeadline.within(deadline, config.attemptTimeout(), guarded) : guarded.get();
            } catch (CallNotPermittedException e) {
                throw new LeaseStoreException(operation + " not attempted: the circuit breaker is open after repeated"
                        + " storage failures; retry after " + config.openStateWait(), table, leaseKey, true, e);
            } catch (RuntimeException e) {
                if (!RETRYABLE.test(e) || attempt >= config.maxAttempts()) {
                    throw e;
                }
                long waitMillis = backoff.apply(attempt);
                if (budgeted && System.nanoTime() + waitMillis * 1_000_000L - deadline >= 0) {
                    log.debug("{} on table {}: no retry after attempt {}: the call's budget of {} is spent ({})",
                            operation, table, attempt, config.callTimeout(), e.toString());
                    throw e; // the round's budget is spent: the caller's next round tries again
                }
                log.debug("{} attempt {} on table {} failed ({}); retrying in {} ms", operation, attempt, table, e,
                        waitMillis);
                pause(waitMillis, operation, leaseKey, e);
            }
        }
    }

    private void pause(long millis, String operation, String leaseKey, RuntimeException failure) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(ie);
            throw new LeaseStoreException(operation + " interrupted while backing off", table, leaseKey, false,
                    failure);
        }
    }

    void run(String operation, String leaseKey, Runnable call) {
        call(operation, leaseKey, () -> {
            call.run();
            return null;
        });
    }

    /** The breaker's state (for tests, health checks and metrics). */
    CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    private void logTransition(CircuitBreakerOnStateTransitionEvent e) {
        CircuitBreaker.State from = e.getStateTransition().getFromState();
        CircuitBreaker.State to = e.getStateTransition().getToState();
        switch (to) {
            case OPEN -> log.warn("Storage circuit breaker of table {}: {} -> OPEN after {}% of the last {} calls"
                    + " failed (last error: {}); calls fail fast for {}", table, from,
                    breaker.getMetrics().getFailureRate(), breaker.getMetrics().getNumberOfBufferedCalls(),
                    lastFailure == null ? "none" : lastFailure.getMessage(), config.openStateWait());
            case HALF_OPEN -> log.info("Storage circuit breaker of table {}: {} -> HALF_OPEN, trying {} calls",
                    table, from, config.halfOpenCalls());
            case CLOSED -> log.info("Storage circuit breaker of table {}: {} -> CLOSED, storage calls go through",
                    table, from);
            default -> log.info("Storage circuit breaker of table {}: {} -> {}", table, from, to);
        }
    }

    @Override
    public String toString() {
        return "StoreResilience{" + table + ", " + breaker.getState() + "}";
    }
}
