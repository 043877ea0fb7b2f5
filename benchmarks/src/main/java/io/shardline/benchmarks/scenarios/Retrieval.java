package io.shardline.benchmarks.scenarios;

import java.util.List;

/** How a worker reads the stream in a latency run: its metric prefix and the worker arguments that select it. */
enum Retrieval {
    /** GetRecords with each system's default polling settings. */
    POLLING("polling", List.of()),
    /** Enhanced fan-out (SubscribeToShard over HTTP/2) with each system's defaults. */
    FAN_OUT("fanout", List.of("--fan-out"));

    private final String metricPrefix;
    private final List<String> workerArgs;

    Retrieval(String metricPrefix, List<String> workerArgs) {
        this.metricPrefix = metricPrefix;
        this.workerArgs = workerArgs;
    }

    /** {@code polling} or {@code fanout}: metrics are {@code <prefix>_p50_ms} and so on. */
    String metricPrefix() {
        return metricPrefix;
    }

    /** Added to the worker's command line. */
    List<String> workerArgs() {
        return workerArgs;
    }

    /** The modes of {@code --mode}: {@code polling}, {@code fanout} or {@code both} (fan-out is measured first). */
    static List<Retrieval> parse(String mode) {
        return switch (mode) {
            case "polling" -> List.of(POLLING);
            case "fanout" -> List.of(FAN_OUT);
            case "both" -> List.of(FAN_OUT, POLLING);
            default -> throw new IllegalArgumentException("--mode must be polling, fanout or both, was " + mode);
        };
    }
}
