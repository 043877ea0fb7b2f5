package io.shardline.kcl.internal.retrieval;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;

/**
 * The {@code GetRecords} budget of one shard: how long to wait before the next call. Called by one fetch step at a
 * time; implementations must be thread-safe anyway.
 */
@FunctionalInterface
interface CallBudget {

    /** Reserves the next call and returns how long to wait before making it (zero: now). Never blocks. */
    Duration reserve();

    /** No limit (tests). */
    static CallBudget unlimited() {
        return () -> Duration.ZERO;
    }

    /**
     * At most {@code callsPerSecond} calls per second, evenly spaced (one permit per {@code 1/callsPerSecond}), on a
     * resilience4j {@link RateLimiter}. Reservations never fail: a fetcher reserves one call at a time, so the wait
     * is at most one period.
     */
    static CallBudget rateLimited(String name, double callsPerSecond) {
        RateLimiterConfig config = RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(Math.round(1_000_000_000d / callsPerSecond)))
                .timeoutDuration(Duration.ofHours(1))
                .build();
        RateLimiter limiter = RateLimiter.of(name, config);
        return () -> {
            long waitNanos = limiter.reservePermission();
            return waitNanos <= 0 ? Duration.ZERO : Duration.ofNanos(waitNanos);
        };
    }
}
