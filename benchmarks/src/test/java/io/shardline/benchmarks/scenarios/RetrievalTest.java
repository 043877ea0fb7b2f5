package io.shardline.benchmarks.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetrievalTest {

    @Test
    void bothMeasuresFanOutFirstThenPolling() {
        assertThat(Retrieval.parse("both")).containsExactly(Retrieval.FAN_OUT, Retrieval.POLLING);
        assertThat(Retrieval.parse("polling")).containsExactly(Retrieval.POLLING);
        assertThat(Retrieval.parse("fanout")).containsExactly(Retrieval.FAN_OUT);
    }

    @Test
    void fanOutWorkersGetTheFanOutFlagAndPollingWorkersNothing() {
        assertThat(Retrieval.FAN_OUT.workerArgs()).containsExactly("--fan-out");
        assertThat(Retrieval.POLLING.workerArgs()).isEmpty();
        assertThat(Retrieval.FAN_OUT.metricPrefix()).isEqualTo("fanout");
        assertThat(Retrieval.POLLING.metricPrefix()).isEqualTo("polling");
    }

    @Test
    void rejectsAnUnknownModeNamingIt() {
        assertThatThrownBy(() -> Retrieval.parse("efo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--mode").hasMessageContaining("efo");
    }
}
