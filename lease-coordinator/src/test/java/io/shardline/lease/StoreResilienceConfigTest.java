package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreResilienceConfigTest {

    @Test
    void defaultsAreBoundedRetriesWithJitterAndABreaker() {
        StoreResilienceConfig d = StoreResilienceConfig.defaults();

        assertThat(d.maxAttempts()).isEqualTo(5);
        assertThat(d.initialBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(d.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.jitter()).isEqualTo(0.5);
        assertThat(d.failureRateThreshold()).isEqualTo(50f);
        assertThat(d.openStateWait()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void toBuilderCopiesEveryField() {
        StoreResilienceConfig c = StoreResilienceConfig.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(7))
                .maxBackoff(Duration.ofMillis(70)).backoffMultiplier(3).jitter(0.1).failureRateThreshold(80)
                .slidingWindowSize(30).minimumCalls(15).openStateWait(Duration.ofSeconds(9)).halfOpenCalls(2).build();

        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.toBuilder().maxAttempts(3).build()).isNotEqualTo(c);
    }

    @Test
    void badValuesNameTheFieldAndTheValue() {
        assertRejected(StoreResilienceConfig.builder().maxAttempts(0), "maxAttempts", "was 0");
        assertRejected(StoreResilienceConfig.builder().initialBackoff(Duration.ofMillis(-1)), "initialBackoff",
                "PT-0.001S");
        assertRejected(StoreResilienceConfig.builder().initialBackoff(null), "initialBackoff", "null");
        assertRejected(StoreResilienceConfig.builder().initialBackoff(Duration.ofSeconds(5)), "maxBackoff", "PT2S");
        assertRejected(StoreResilienceConfig.builder().backoffMultiplier(0.5), "backoffMultiplier", "0.5");
        assertRejected(StoreResilienceConfig.builder().jitter(1.0), "jitter", "1.0");
        assertRejected(StoreResilienceConfig.builder().failureRateThreshold(0), "failureRateThreshold", "0.0");
        assertRejected(StoreResilienceConfig.builder().minimumCalls(30), "minimumCalls", "30");
        assertRejected(StoreResilienceConfig.builder().openStateWait(Duration.ZERO), "openStateWait", "PT0S");
        assertRejected(StoreResilienceConfig.builder().halfOpenCalls(0), "halfOpenCalls", "0");
    }

    @Test
    void rejectsAMissingMaxBackoff() {
        assertRejected(StoreResilienceConfig.builder().maxBackoff(null), "maxBackoff", "was null");
    }

    @Test
    void rejectsAnInfiniteOrNaNBackoffMultiplier() {
        assertRejected(StoreResilienceConfig.builder().backoffMultiplier(Double.POSITIVE_INFINITY),
                "backoffMultiplier", "was Infinity");
        assertRejected(StoreResilienceConfig.builder().backoffMultiplier(Double.NaN), "backoffMultiplier", "was NaN");
    }

    @Test
    void rejectsANegativeJitter() {
        assertRejected(StoreResilienceConfig.builder().jitter(-0.1), "jitter", "was -0.1");
    }

    @Test
    void rejectsAFailureRateThresholdAboveAHundred() {
        assertRejected(StoreResilienceConfig.builder().failureRateThreshold(101), "failureRateThreshold",
                "was 101.0");
    }

    @Test
    void rejectsAnEmptySlidingWindow() {
        assertRejected(StoreResilienceConfig.builder().slidingWindowSize(0), "slidingWindowSize", "was 0");
    }

    @Test
    void rejectsZeroMinimumCalls() {
        assertRejected(StoreResilienceConfig.builder().minimumCalls(0), "minimumCalls", "was 0");
    }

    @Test
    void rejectsAMissingOpenStateWait() {
        assertRejected(StoreResilienceConfig.builder().openStateWait(null), "openStateWait", "was null");
    }

    private static void assertRejected(StoreResilienceConfig.Builder builder, String field, String value) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("StoreResilienceConfig." + field).hasMessageContaining(value);
    }
}
