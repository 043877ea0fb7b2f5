package io.shardline.kcl.internal.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallBudgetTest {

    @Test
    void spacesCallsEvenlyAtTheConfiguredRate() {
        CallBudget budget = CallBudget.rateLimited("test", 2.0);

        Duration first = budget.reserve();
        Duration second = budget.reserve();
        Duration third = budget.reserve();

        assertThat(first).isEqualTo(Duration.ZERO);
        // Reservations are made back to back, so each waits one more 500 ms period (minus the time elapsed).
        assertThat(second).isGreaterThan(Duration.ofMillis(300)).isLessThanOrEqualTo(Duration.ofMillis(500));
        assertThat(third).isGreaterThan(Duration.ofMillis(800)).isLessThanOrEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void unlimitedNeverWaits() {
        assertThat(CallBudget.unlimited().reserve()).isZero();
    }
}
