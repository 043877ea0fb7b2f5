package io.shardline.kcl.internal.advisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.kcl.advisor.AdvisorConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdvisorConfigTest {

    @Test
    void defaultsAreTheKinesisLimitsAndAutoApplyOff() {
        AdvisorConfig c = AdvisorConfig.defaults();
        assertThat(c.writeLimitBytesPerSecond()).isEqualTo(1_048_576);
        assertThat(c.writeLimitRecordsPerSecond()).isEqualTo(1000);
        assertThat(c.updateShardCountCallsPerDay()).isEqualTo(10);
        assertThat(c.autoApply()).isFalse();
        assertThat(c.toBuilder().autoApply(true).build().autoApply()).isTrue();
    }

    @Test
    void badValuesFailAtBuildNamingTheField() {
        assertThatThrownBy(() -> AdvisorConfig.builder().writeLimitRecordsPerSecond(0).build())
                .hasMessageContaining("writeLimitRecordsPerSecond").hasMessageContaining("0");
        assertThatThrownBy(() -> AdvisorConfig.builder().hotUtilization(0.1).build())
                .hasMessageContaining("hotUtilization");
        assertThatThrownBy(() -> AdvisorConfig.builder().window(Duration.ofMillis(10)).build())
                .hasMessageContaining("window");
        assertThatThrownBy(() -> AdvisorConfig.builder().updateShardCountCallsPerDay(11).build())
                .hasMessageContaining("updateShardCountCallsPerDay").hasMessageContaining("11");
        assertThatThrownBy(() -> AdvisorConfig.builder().cooldown(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("cooldown");
    }
}
