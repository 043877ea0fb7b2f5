package io.shardline.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SystemChoiceTest {

    private static final List<String> SYSTEMS = List.of("shardline-count", "shardline-load");

    @Test
    void allIncludesEverySystem() {
        SystemChoice all = SystemChoice.of("all", SYSTEMS);

        assertThat(all.includes("shardline-count")).isTrue();
        assertThat(all.includes("shardline-load")).isTrue();
    }

    @Test
    void oneSystemIncludesOnlyItself() {
        SystemChoice load = SystemChoice.of("shardline-load", SYSTEMS);

        assertThat(load.includes("shardline-load")).isTrue();
        assertThat(load.includes("shardline-count")).isFalse();
    }

    @Test
    void anUnknownSystemFailsNamingTheOptionTheSystemsAndTheValue() {
        assertThatThrownBy(() -> SystemChoice.of("shardline", SYSTEMS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--system must be shardline-count, shardline-load or all, was shardline");
    }
}
