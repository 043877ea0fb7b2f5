package io.shardline.benchmarks.jmh;

import java.util.Map;
import java.util.Optional;

/**
 * Which RESULT line each JMH benchmark method becomes: {@code RESULT jmh <system> <metric>=<ns>}. All scores are
 * average nanoseconds per operation; an operation is a record for dispatch and a user record for de-aggregation
 * ({@code @OperationsPerInvocation}).
 */
final class JmhMetrics {

    /** One RESULT figure. */
    record Metric(String system, String name) {}

    /** The dispatch figure; {@code jmh} also prints it as {@code records_per_s_per_core}. */
    static final String DISPATCH = "dispatch_ns_per_record";

    private static final Map<String, Metric> BY_METHOD = Map.of(
            "shardlineDispatch", new Metric("shardline", DISPATCH),
            "shardlineSeqCompare", new Metric("shardline", "seq_compare_ns"),
            "kclSeqCompare", new Metric("kcl", "seq_compare_ns"),
            "shardlineSeqParse", new Metric("shardline", "seq_parse_ns"),
            "kclSeqParse", new Metric("kcl", "seq_parse_ns"),
            "shardlineTrackerRecord", new Metric("shardline", "checkpoint_tracker_ns_per_record"),
            "shardlineCheckpointInMemory", new Metric("shardline", "checkpoint_in_memory_ns"),
            "shardlineDeaggregate", new Metric("shardline", "deaggregate_ns_per_user_record"),
            "kclDeaggregate", new Metric("kcl", "deaggregate_ns_per_user_record"));

    private JmhMetrics() {
    }

    /**
     * The figure of a benchmark, from its full name ({@code io.shardline.benchmarks.jmh.DispatchBenchmark.
     * shardlineDispatch}), or empty for a benchmark without one.
     */
    static Optional<Metric> of(String benchmark) {
        int dot = benchmark.lastIndexOf('.');
        return Optional.ofNullable(BY_METHOD.get(dot < 0 ? benchmark : benchmark.substring(dot + 1)));
    }
}
