package io.shardline.kcl.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.SchedulerMetrics;
import org.junit.jupiter.api.Test;

class ConsumerMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void registersNothingUntilBoundThenTagsEveryMeterWithApplicationAndWorker() {
        ConsumerMetrics metrics = new ConsumerMetrics("app", "w1");
        assertThat(registry.getMeters()).isEmpty();

        metrics.bindTo(registry);
        metrics.processed("shardId-000000000000", 3, 30);
        metrics.shardLag("shardId-0").set(1200);

        assertThat(registry.get(SchedulerMetrics.RECORDS_PROCESSED).tag("application", "app").tag("worker", "w1")
                .counter().count()).isEqualTo(3);
        assertThat(registry.get(SchedulerMetrics.MILLIS_BEHIND_LATEST).tag("shard", "shardId-0").gauge().value())
                .isEqualTo(1200);
    }

    @Test
    void bindsOnceAndCloseRemovesItsMeters() {
        ConsumerMetrics metrics = ConsumerMetrics.boundTo(registry, "app", "w1");
        assertThatThrownBy(() -> metrics.bindTo(registry)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already bound");

        metrics.close();

        assertThat(registry.getMeters()).isEmpty();
    }
}
