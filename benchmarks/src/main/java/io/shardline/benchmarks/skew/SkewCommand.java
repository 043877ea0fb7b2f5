package io.shardline.benchmarks.skew;

import io.shardline.benchmarks.harness.ScenarioRun;
import io.shardline.benchmarks.harness.SystemChoice;
import io.shardline.lease.AssignmentStrategy;
import io.shardline.lease.LoadAwareConfig;
import io.shardline.lease.LoadReading;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code benchmarks/run skew}: skewed shards, count-balanced against load-aware assignment, in the same run. */
@Command(name = "skew", mixinStandardHelpOptions = true,
        description = "8 shards with Zipf-skewed keys (2 shards carry most records), 4 in-process workers with a "
                + "per-record cost: max/mean offered load, p95 lag and lease moves of shardline-count and "
                + "shardline-load.")
public final class SkewCommand implements Callable<Integer> {

    @Option(names = "--shards", defaultValue = "8", description = "Shards of the stream.")
    int shards;

    @Option(names = "--workers", defaultValue = "4", description = "Workers (the first starts alone).")
    int workers;

    @Option(names = "--rate", defaultValue = "30", description = "Records put per second, all shards.")
    double rate;

    @Option(names = "--keys", defaultValue = "100", description = "Partition keys (Zipf ranks).")
    int keys;

    @Option(names = "--exponent", defaultValue = "1.0", description = "Zipf exponent.")
    double exponent;

    @Option(names = "--hot-keys", defaultValue = "10", description = "Most popular keys, all on shards 0 and 1.")
    int hotKeys;

    @Option(names = "--record-cost-ms", defaultValue = "85",
            description = "Per-record cost, ms of one per-worker lock (worker capacity: 1000 / cost records/s).")
    double recordCostMillis;

    @Option(names = "--interval-s", defaultValue = "5",
            description = "Status interval, assignment (lease scan) interval and load read interval, seconds.")
    int intervalSeconds;

    @Option(names = "--idle-ms", defaultValue = "1000",
            description = "RetrievalConfig idleInterval, ms (the polling default).")
    int idleMillis;

    @Option(names = "--failover-s", defaultValue = "20",
            description = "failoverTimeout, seconds: long, so a slow emulator on a loaded machine fences nobody "
                    + "(the scenario measures assignment, not failover).")
    int failoverSeconds;

    @Option(names = "--settle-s", defaultValue = "180", description = "Time from the joins to the window, seconds.")
    int settleSeconds;

    @Option(names = "--steady-s", defaultValue = "120", description = "The measured steady window, seconds.")
    int steadySeconds;

    @Option(names = "--margin", defaultValue = "0.15", description = "LoadAwareConfig.improvementMargin.")
    double margin;

    @Option(names = "--smoothing", defaultValue = "0.3", description = "LoadReading.smoothing.")
    double smoothing;

    @Option(names = "--min-residence-s", defaultValue = "60", description = "LoadReading.minResidence, seconds.")
    int minResidenceSeconds;

    @Option(names = "--system", defaultValue = "all", description = "shardline-count, shardline-load or all.")
    String system;

    @Override
    public Integer call() {
        if (shards < 3 || workers < 2 || rate <= 0 || recordCostMillis < 0 || intervalSeconds < 1
                || settleSeconds < 0 || steadySeconds < 1) {
            throw new IllegalArgumentException("--shards >= 3, --workers >= 2, --rate > 0, --record-cost-ms >= 0,"
                    + " --interval-s >= 1, --steady-s >= 1");
        }
        SystemChoice systems = SystemChoice.of(system, List.of("shardline-count", "shardline-load"));
        Duration interval = Duration.ofSeconds(intervalSeconds);
        AssignmentStrategy loadAware = AssignmentStrategy.loadAware(LoadAwareConfig.builder()
                .improvementMargin(margin)
                .reading(new LoadReading(interval, interval.multipliedBy(4), smoothing,
                        Duration.ofSeconds(minResidenceSeconds)))
                .build());
        return ScenarioRun.onLocalAws("skew", (aws, results) -> {
            SkewScenario scenario = new SkewScenario(aws, results, this);
            if (systems.includes("shardline-count")) {
                scenario.run("shardline-count", AssignmentStrategy.countBalanced());
            }
            if (systems.includes("shardline-load")) {
                scenario.run("shardline-load", loadAware);
            }
        });
    }
}
