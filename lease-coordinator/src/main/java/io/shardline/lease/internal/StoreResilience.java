package io.shardline.lease.internal;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.StoreResilienceConfig;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retry around a circuit breaker around one store call: {@code Retry(CircuitBreaker(call))}. Each attempt counts in
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
    private final Retry retry;
    private final CircuitBreaker breaker;
    private volatile Throwable lastFailure;

    StoreResilience(String table, StoreResilienceConfig config) {
        this.table = table;
        this.config = config;
        this.retry = Retry.of("shardline-store-" + table, RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .intervalFunction(backoff(config))
                .retryOnException(RETRYABLE)
                .build());
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
        retry.getEventPublisher().onRetry(e -> log.debug("{} attempt {} on table {} failed ({}); retrying in {}",
                e.getName(), e.getNumberOfRetryAttempts(), table, e.getLastThrowable(), e.getWaitInterval()));
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
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker, call);
        try {
            return Retry.decorateSupplier(retry, guarded).get();
        } catch (CallNotPermittedException e) {
            throw new LeaseStoreException(operation + " not attempted: the circuit breaker is open after repeated"
                    + " storage failures; retry after " + config.openStateWait(), table, leaseKey, true, e);
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
