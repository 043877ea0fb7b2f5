package io.shardline.kcl.internal.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallBudgetTest {

    /** A monotonic clock that starts negative, as {@code System.nanoTime()} may. */
    private final AtomicLong now = new AtomicLong(-5_000_000_000L);
    private final CallBudget budget = CallBudget.throttleAdaptive(3.0, now::get);

    @Test
    void spacesBackToBackCallsEvenlyAtTheCeiling() {
        assertThat(budget.reserve()).isZero();
        assertThat(budget.reserve()).isEqualTo(period(3.0));
        assertThat(budget.reserve()).isEqualTo(period(3.0).multipliedBy(2));
    }

    @Test
    void aFetcherThatCalledLessOftenGetsNoBurst() {
        budget.reserve();
        advance(Duration.ofSeconds(10));

        assertThat(budget.reserve()).isZero();
        assertThat(budget.reserve()).isEqualTo(period(3.0));
    }

    @Test
    void aThrottleHalvesTheRate() {
        budget.reserve();
        budget.throttled();

        assertThat(rate()).isEqualTo(1.5);
        advance(period(3.0));
        assertThat(budget.reserve()).isZero();
        assertThat(budget.reserve()).isEqualTo(period(1.5));
    }

    @Test
    void throttlesWithinOneSecondCountAsOneEvent() {
        budget.throttled();
        advance(Duration.ofMillis(400));
        budget.throttled();
        advance(Duration.ofMillis(500));
        budget.throttled();

        assertThat(rate()).isEqualTo(1.5);

        advance(Duration.ofMillis(100));
        budget.throttled();
        assertThat(rate()).isEqualTo(0.75);
    }

    @Test
    void neverGoesBelowTheFloor() {
        for (int i = 0; i < 10; i++) {
            budget.throttled();
            advance(Duration.ofSeconds(1));
        }

        assertThat(rate()).isEqualTo(ThrottleAdaptiveCallBudget.FLOOR_CALLS_PER_SECOND);
    }

    @Test
    void aCeilingBelowTheFloorIsNeverLowered() {
        CallBudget slow = CallBudget.throttleAdaptive(0.2, now::get);

        slow.throttled();

        assertThat(slow.reserve()).isZero();
        assertThat(slow.reserve()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void climbsBackToTheCeilingOneStepPerQuietInterval() {
        budget.throttled();
        assertThat(rate()).isEqualTo(1.5);

        advance(ThrottleAdaptiveCallBudget.RECOVERY_INTERVAL.minusMillis(1));
        assertThat(rate()).isEqualTo(1.5);
        advance(Duration.ofMillis(1));
        assertThat(rate()).isEqualTo(2.0);
        advance(ThrottleAdaptiveCallBudget.RECOVERY_INTERVAL);
        assertThat(rate()).isEqualTo(2.5);
        advance(ThrottleAdaptiveCallBudget.RECOVERY_INTERVAL.multipliedBy(10));
        assertThat(rate()).isEqualTo(3.0);
        assertThat(budget.reserve()).isZero();
        assertThat(budget.reserve()).isEqualTo(period(3.0));
    }

    @Test
    void aThrottleDuringRecoveryStartsTheQuietIntervalOver() {
        budget.throttled();
        advance(ThrottleAdaptiveCallBudget.RECOVERY_INTERVAL);
        assertThat(rate()).isEqualTo(2.0);

        advance(Duration.ofSeconds(20));
        budget.throttled();
        assertThat(rate()).isEqualTo(1.0);
        advance(Duration.ofSeconds(29));
        assertThat(rate()).isEqualTo(1.0);
        advance(Duration.ofSeconds(1));
        assertThat(rate()).isEqualTo(1.5);
    }

    @Test
    void twoApplicationsAtTheDefaultSettleUnderTheShardsLimitAfterAThrottle() {
        CallBudget other = CallBudget.throttleAdaptive(3.0, now::get);
        // Together 6 calls/s on a 5 calls/s shard: both see a throttle.
        budget.throttled();
        other.throttled();

        double together = rate() + ((ThrottleAdaptiveCallBudget) other).callsPerSecond();
        assertThat(together).isLessThanOrEqualTo(5.0);
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThatThrownBy(() -> CallBudget.throttleAdaptive(0, now::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callsPerSecond").hasMessageContaining("0.0");
    }

    @Test
    void unlimitedNeverWaits() {
        assertThat(CallBudget.unlimited().reserve()).isZero();
    }

    private double rate() {
        return ((ThrottleAdaptiveCallBudget) budget).callsPerSecond();
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    private static Duration period(double callsPerSecond) {
        return Duration.ofNanos(Math.round(1_000_000_000d / callsPerSecond));
    }
}
