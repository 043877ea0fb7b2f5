package io.shardline.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

class JmhMetricsTest {

    @Test
    void mapsAFullBenchmarkNameToItsSystemAndMetric() {
        assertThat(JmhMetrics.of("io.shardline.benchmarks.jmh.DispatchBenchmark.shardlineDispatch"))
                .hasValue(new JmhMetrics.Metric("shardline", "dispatch_ns_per_record"));
        assertThat(JmhMetrics.of("io.shardline.benchmarks.jmh.DeaggregationBenchmark.kclDeaggregate"))
                .hasValue(new JmhMetrics.Metric("kcl", "deaggregate_ns_per_user_record"));
        assertThat(JmhMetrics.of("io.shardline.benchmarks.jmh.Other.unknown")).isEmpty();
    }

    @Test
    void everyBenchmarkMethodHasAMetricNamedAfterItsSystem() {
        List<Method> benchmarks = List.of(DispatchBenchmark.class, CheckpointBenchmark.class,
                        DeaggregationBenchmark.class).stream()
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .filter(m -> m.isAnnotationPresent(Benchmark.class))
                .toList();

        assertThat(benchmarks).hasSize(9);
        for (Method method : benchmarks) {
            JmhMetrics.Metric metric = JmhMetrics.of(method.getName()).orElseThrow(
                    () -> new AssertionError("no metric for " + method.getName()));
            assertThat(method.getName()).startsWith(metric.system());
        }
    }
}
