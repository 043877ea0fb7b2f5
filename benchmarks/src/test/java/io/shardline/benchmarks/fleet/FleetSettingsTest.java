package io.shardline.benchmarks.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FleetSettingsTest {

    @Test
    void rejectsValuesTheProducerCannotHonourNamingTheField() {
        assertThatThrownBy(() -> new FleetSettings(0, 40, 200)).hasMessage("shards must be at least 1, was 0");
        assertThatThrownBy(() -> new FleetSettings(8, 45, 200))
                .hasMessage("rate must be a positive multiple of 10 records/s, was 45");
        assertThatThrownBy(() -> new FleetSettings(8, 40, 4)).hasMessage("keys must be at least shards (8), was 4");
    }

    @Test
    void trialsArePerSystem() {
        Trials trials = new Trials(5, 2);

        assertThat(trials.of("shardline")).isEqualTo(5);
        assertThat(trials.of("kcl")).isEqualTo(2);
        assertThatThrownBy(() -> trials.of("flink")).hasMessage("system must be shardline or kcl, was flink");
        assertThatThrownBy(() -> new Trials(5, 0)).hasMessage("kcl trials must be at least 1, was 0");
    }
}
