package io.shardline.lease.internal.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigChecksTest {

    private final ConfigChecks check = ConfigChecks.of("OrdersConfig");

    @Test
    void everyMessageNamesTheConfigTheFieldAndTheValue() {
        assertThatThrownBy(() -> check.positive("pollInterval", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OrdersConfig.pollInterval must be a positive duration, was PT0S");
        assertThatThrownBy(() -> check.required("client", null))
                .hasMessage("OrdersConfig.client is required, was null");
        assertThatThrownBy(() -> check.atLeast("threads", 0, 1)).hasMessage("OrdersConfig.threads must be >= 1, was 0");
        assertThatThrownBy(() -> check.between("lanes", 1001, 1, 1000))
                .hasMessage("OrdersConfig.lanes must be between 1 and 1000, was 1001");
        assertThatThrownBy(() -> check.nonNegative("cooldown", Duration.ofSeconds(-1)))
                .hasMessage("OrdersConfig.cooldown must be >= 0, was PT-1S");
        assertThatThrownBy(() -> check.atLeast("failoverTimeout", Duration.ofSeconds(1), "2 x heartbeatInterval",
                Duration.ofSeconds(2)))
                .hasMessage("OrdersConfig.failoverTimeout must be at least 2 x heartbeatInterval (PT2S), was PT1S");
        assertThatThrownBy(() -> check.fraction("hot", 1.5)).hasMessage("OrdersConfig.hot must be in (0, 1], was 1.5");
        assertThatThrownBy(() -> check.check(false, "arn", "'x'", "must be an ARN"))
                .hasMessage("OrdersConfig.arn must be an ARN, was 'x'");
    }

    @Test
    void boundariesAreIncludedWhereTheRuleSaysSo() {
        assertThat(check.atLeast("threads", 1, 1)).isEqualTo(1);
        assertThat(check.between("lanes", 1000, 1, 1000)).isEqualTo(1000);
        assertThat(check.nonNegative("cooldown", Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThat(check.fraction("hot", 1.0)).isEqualTo(1.0);
        assertThat(check.positive("poll", Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
        assertThatThrownBy(() -> check.fraction("cold", 0.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullsAndNonFiniteNumbersAreRejectedNotThrownAsNullPointers() {
        assertThatThrownBy(() -> check.positive("poll", (Duration) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was null");
        assertThatThrownBy(() -> check.nonNegative("cooldown", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> check.atLeast("window", null, "1s", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> check.positive("rate", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> check.positive("rate", Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
