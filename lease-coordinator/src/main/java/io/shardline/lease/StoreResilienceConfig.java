package io.shardline.lease;

import io.shardline.lease.internal.shared.ConfigChecks;
import java.time.Duration;
import java.util.Objects;

/**
 * Retry and circuit-breaker settings of {@link LeaseStore#resilient} and {@link CoordinationStore#resilient}.
 * Immutable; {@link #defaults()}, {@link #builder()}, {@link #toBuilder()}. A bad value fails at
 * {@link Builder#build()} naming the field and the value.
 *
 * <p>Retry: only {@link LeaseStoreException#isRetryable()} failures are retried, at most {@code maxAttempts} calls in
 * all, waiting {@code initialBackoff * backoffMultiplier^(n-1)} (capped at {@code maxBackoff}) randomized by
 * {@code jitter} (0.5: anywhere from half to one and a half times the interval).
 *
 * <p>Circuit breaker: each attempt counts. When at least {@code minimumCalls} of the last
 * {@code slidingWindowSize} calls were made and {@code failureRateThreshold} percent of them failed retryably, the
 * circuit opens: calls fail at once (retryable {@link LeaseStoreException}) without reaching the storage for
 * {@code openStateWait}, then {@code halfOpenCalls} trial calls decide whether it closes again. Fenced writes and
 * fatal errors are not failures of the storage and do not count.
 *
 * <p>The SDK client's own retry strategy still runs inside each attempt: with the SDK default (3 attempts per call)
 * one store call may send up to {@code 3 * maxAttempts} requests. Give the store a client built with
 * {@code AwsRetryStrategy.doNotRetry()} (or few attempts) to leave retrying to this layer.
 */
public final class StoreResilienceConfig {

    private static final StoreResilienceConfig DEFAULTS = new Builder().build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double backoffMultiplier;
    private final double jitter;
    private final float failureRateThreshold;
    private final int slidingWindowSize;
    private final int minimumCalls;
    private final Duration openStateWait;
    private final int halfOpenCalls;
    private final Duration callTimeout;
    private final Duration attemptTimeout;

    private StoreResilienceConfig(Builder b) {
        maxAttempts = b.maxAttempts;
        initialBackoff = b.initialBackoff;
        maxBackoff = b.maxBackoff;
        backoffMultiplier = b.backoffMultiplier;
        jitter = b.jitter;
        failureRateThreshold = b.failureRateThreshold;
        slidingWindowSize = b.slidingWindowSize;
        minimumCalls = b.minimumCalls;
        openStateWait = b.openStateWait;
        halfOpenCalls = b.halfOpenCalls;
        callTimeout = b.callTimeout;
        attemptTimeout = b.attemptTimeout;
    }

    /** 5 attempts, backoff 50 ms doubling up to 2 s with jitter 0.5; circuit opens at 50% failures of the last 20
     *  calls (at least 10), stays open 5 s, 3 trial calls; each call within 1 s, attempts and backoffs included. */
    public static StoreResilienceConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().maxAttempts(maxAttempts).initialBackoff(initialBackoff).maxBackoff(maxBackoff)
                .backoffMultiplier(backoffMultiplier).jitter(jitter).failureRateThreshold(failureRateThreshold)
                .slidingWindowSize(slidingWindowSize).minimumCalls(minimumCalls).openStateWait(openStateWait)
                .halfOpenCalls(halfOpenCalls).callTimeout(callTimeout).attemptTimeout(attemptTimeout);
    }

    /** Attempts per call, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Backoff before the first retry. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** Longest backoff between two attempts. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * The most one store call may take, every attempt and backoff included (default 1 s): no retry starts once its
     * backoff would end past it, and each request carries the remaining time as its SDK {@code apiCallTimeout}
     * (and the wait for its answer is bounded by it), whatever timeouts the client was built with.
     */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** The SDK {@code apiCallAttemptTimeout} of each request (default 1 s), at most the call's remaining time. */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /**
     * This config with its call budget fitted to a coordinator's timings: with {@code fenceAfter = failoverTimeout -
     * selfFenceMargin}, {@code callTimeout} at most {@code max(fenceAfter - heartbeatInterval, fenceAfter / 2)}, so a
     * heartbeat sent at the start of a round returns (succeeded or failed) at least a heartbeat interval, or half of
     * {@code fenceAfter}, before the self-fence deadline it would renew; {@code attemptTimeout} at most
     * {@code callTimeout}. Shorter values are kept. The scheduler applies it to the stores it builds; apply it yourself when you build the stores of a
     * {@link LeaseCoordinator} by hand.
     */
    public StoreResilienceConfig fitTo(LeaseCoordinatorConfig coordinator) {
        Duration fenceAfter = coordinator.failoverTimeout().minus(coordinator.selfFenceMargin());
        Duration beforeNextBeat = fenceAfter.minus(coordinator.heartbeatInterval());
        Duration half = fenceAfter.dividedBy(2);
        Duration cap = beforeNextBeat.compareTo(half) > 0 ? beforeNextBeat : half;
        Duration call = callTimeout.compareTo(cap) > 0 ? cap : callTimeout;
        Duration attempt = attemptTimeout.compareTo(call) > 0 ? call : attemptTimeout;
        return toBuilder().callTimeout(call).attemptTimeout(attempt).build();
    }

    /** Factor the backoff grows by after each failed attempt. */
    public double backoffMultiplier() {
        return backoffMultiplier;
    }

    /** How far each backoff varies at random (0.5: from half to one and a half times the interval). */
    public double jitter() {
        return jitter;
    }

    /** Failure rate, in percent, at which the circuit breaker opens. */
    public float failureRateThreshold() {
        return failureRateThreshold;
    }

    /** Calls the circuit breaker judges the failure rate over. */
    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    /** Calls the circuit breaker needs before it judges the failure rate. */
    public int minimumCalls() {
        return minimumCalls;
    }

    /** How long the circuit breaker stays open before it lets calls try again. */
    public Duration openStateWait() {
        return openStateWait;
    }

    /** Calls let through while the circuit breaker is half open. */
    public int halfOpenCalls() {
        return halfOpenCalls;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreResilienceConfig c && maxAttempts == c.maxAttempts
                && initialBackoff.equals(c.initialBackoff) && maxBackoff.equals(c.maxBackoff)
                && backoffMultiplier == c.backoffMultiplier && jitter == c.jitter
                && failureRateThreshold == c.failureRateThreshold && slidingWindowSize == c.slidingWindowSize
                && minimumCalls == c.minimumCalls && openStateWait.equals(c.openStateWait)
                && halfOpenCalls == c.halfOpenCalls && callTimeout.equals(c.callTimeout)
                && attemptTimeout.equals(c.attemptTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, initialBackoff, maxBackoff, backoffMultiplier, jitter, failureRateThreshold,
                slidingWindowSize, minimumCalls, openStateWait, halfOpenCalls, callTimeout, attemptTimeout);
    }

    @Override
    public String toString() {
        return "StoreResilienceConfig{maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff + "x"
                + backoffMultiplier + "..." + maxBackoff + ", jitter=" + jitter + ", failureRateThreshold="
                + failureRateThreshold + "%, slidingWindowSize=" + slidingWindowSize + ", minimumCalls="
                + minimumCalls + ", openStateWait=" + openStateWait + ", halfOpenCalls=" + halfOpenCalls + ", callTimeout="
                + callTimeout + ", attemptTimeout=" + attemptTimeout + "}";
    }

    public static final class Builder {

        private static final ConfigChecks CHECK = ConfigChecks.of("StoreResilienceConfig");

        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(50);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private double backoffMultiplier = 2.0;
        private double jitter = 0.5;
        private float failureRateThreshold = 50f;
        private int slidingWindowSize = 20;
        private int minimumCalls = 10;
        private Duration openStateWait = Duration.ofSeconds(5);
        private int halfOpenCalls = 3;
        private Duration callTimeout = Duration.ofSeconds(1);
        private Duration attemptTimeout = Duration.ofSeconds(1);

        private Builder() {
        }

        /** Calls in all, the first included; 1 disables retries. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets {@code initialBackoff}; {@code build()} checks it.
         *
         * @param initialBackoff the value
         * @return this builder
         */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        /**
         * Sets {@code maxBackoff}; {@code build()} checks it.
         *
         * @param maxBackoff the value
         * @return this builder
         */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /**
         * Sets {@code backoffMultiplier}; {@code build()} checks it.
         *
         * @param backoffMultiplier the value
         * @return this builder
         */
        public Builder backoffMultiplier(double backoffMultiplier) {
            this.backoffMultiplier = backoffMultiplier;
            return this;
        }

        /** Randomization factor of each backoff, in [0, 1): 0 waits exactly the computed interval. */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /** Percentage of retryable failures, in (0, 100], that opens the circuit. */
        public Builder failureRateThreshold(float failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
            return this;
        }

        /**
         * Sets {@code slidingWindowSize}; {@code build()} checks it.
         *
         * @param slidingWindowSize the value
         * @return this builder
         */
        public Builder slidingWindowSize(int slidingWindowSize) {
            this.slidingWindowSize = slidingWindowSize;
            return this;
        }

        /**
         * Sets {@code minimumCalls}; {@code build()} checks it.
         *
         * @param minimumCalls the value
         * @return this builder
         */
        public Builder minimumCalls(int minimumCalls) {
            this.minimumCalls = minimumCalls;
            return this;
        }

        /**
         * Sets {@code openStateWait}; {@code build()} checks it.
         *
         * @param openStateWait the value
         * @return this builder
         */
        public Builder openStateWait(Duration openStateWait) {
            this.openStateWait = openStateWait;
            return this;
        }

        /** See {@link StoreResilienceConfig#callTimeout()}. */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        /** See {@link StoreResilienceConfig#attemptTimeout()}; at most {@code callTimeout}. */
        public Builder attemptTimeout(Duration attemptTimeout) {
            this.attemptTimeout = attemptTimeout;
            return this;
        }

        /**
         * Sets {@code halfOpenCalls}; {@code build()} checks it.
         *
         * @param halfOpenCalls the value
         * @return this builder
         */
        public Builder halfOpenCalls(int halfOpenCalls) {
            this.halfOpenCalls = halfOpenCalls;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the StoreResilienceConfig
         * @throws IllegalArgumentException naming the field and the value of the first rule broken
         */
        public StoreResilienceConfig build() {
            CHECK.atLeast("maxAttempts", maxAttempts, 1);
            CHECK.positive("initialBackoff", initialBackoff);
            CHECK.positive("maxBackoff", maxBackoff);
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw CHECK.invalid("maxBackoff", maxBackoff, "must be >= initialBackoff (" + initialBackoff + ")");
            }
            if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
                throw CHECK.invalid("backoffMultiplier", backoffMultiplier, "must be a finite number >= 1.0");
            }
            if (!(jitter >= 0.0 && jitter < 1.0)) {
                throw CHECK.invalid("jitter", jitter, "must be in [0, 1)");
            }
            if (!(failureRateThreshold > 0f && failureRateThreshold <= 100f)) {
                throw CHECK.invalid("failureRateThreshold", failureRateThreshold, "must be in (0, 100]");
            }
            CHECK.atLeast("slidingWindowSize", slidingWindowSize, 1);
            CHECK.atLeast("minimumCalls", minimumCalls, 1);
            if (minimumCalls > slidingWindowSize) {
                throw CHECK.invalid("minimumCalls", minimumCalls,
                        "must be <= slidingWindowSize (" + slidingWindowSize + ")");
            }
            CHECK.positive("openStateWait", openStateWait);
            CHECK.atLeast("halfOpenCalls", halfOpenCalls, 1);
            CHECK.positive("callTimeout", callTimeout);
            CHECK.positive("attemptTimeout", attemptTimeout);
            if (attemptTimeout.compareTo(callTimeout) > 0) {
                throw CHECK.invalid("attemptTimeout", attemptTimeout, "must be <= callTimeout (" + callTimeout + ")");
            }
            return new StoreResilienceConfig(this);
        }
    }
}
