package io.shardline.benchmarks.scenarios;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.ConsumerSystem;
import io.shardline.benchmarks.harness.RunDirectory;
import io.shardline.benchmarks.kcl.KclSystem;
import io.shardline.benchmarks.shardline.ShardlineSystem;
import io.shardline.testing.LocalAws;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code benchmarks/run latency}: put-to-process latency (polling and fan-out) at a steady low rate, Shardline vs KCL. */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "Put->process latency at a steady low rate on a 2-shard stream, one worker per system and "
                + "retrieval mode.")
public final class LatencyCommand implements Callable<Integer> {

    @Option(names = "--system", defaultValue = "all", description = "shardline, kcl or all.")
    String system;

    @Option(names = "--mode", defaultValue = "both",
            description = "polling, fanout or both (default; fan-out is measured first, then polling).")
    String mode;

    @Option(names = "--rate", defaultValue = "20", description = "Records per second.")
    int rate;

    @Option(names = {"--seconds", "--duration"}, defaultValue = "30",
            description = "How long the producer runs per system and mode, in seconds.")
    int seconds;

    @Option(names = "--idle-ms", description = "Polling idle interval of both systems (default: each its own "
            + "default, Shardline 1,000 ms, KCL 1,500 ms). Polling only.")
    Long idleMillis;

    @Override
    public Integer call() {
        if (rate < 1 || seconds < 1) {
            throw new IllegalArgumentException("--rate and --seconds must be positive, were " + rate + " and "
                    + seconds);
        }
        if (!List.of("all", "shardline", "kcl").contains(system)) {
            throw new IllegalArgumentException("--system must be shardline, kcl or all, was " + system);
        }
        List<Retrieval> modes = Retrieval.parse(mode);
        Results results = new Results("latency", System.out);
        List<String> extra = idleMillis == null ? List.of() : List.of("--idle-ms", Long.toString(idleMillis));
        try (LocalAws aws = LocalAws.start()) {
            LatencyScenario scenario = new LatencyScenario(aws, results, RunDirectory.create("latency"), rate,
                    Duration.ofSeconds(seconds));
            if (!system.equals("kcl")) {
                scenario.run(with(new ShardlineSystem(), extra), modes);
            }
            if (!system.equals("shardline")) {
                // Prefilled: KCL's empty-table cold start (up to ~90 s) is not what this scenario measures.
                scenario.run(with(new KclSystem(true), extra), modes);
            }
        }
        results.printTable();
        return 0;
    }

    private static ConsumerSystem with(ConsumerSystem system, List<String> extra) {
        return extra.isEmpty() ? system : system.withArgs(extra);
    }
}
