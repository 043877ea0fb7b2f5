package io.shardline.benchmarks.parallel;

import io.shardline.benchmarks.harness.RunDirectory;
import io.shardline.benchmarks.harness.ScenarioRun;
import io.shardline.benchmarks.harness.SystemChoice;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code benchmarks/run parallel}: one shard, a slow call per record: serial Shardline, Shardline lanes and KCL. */
@Command(name = "parallel", mixinStandardHelpOptions = true,
        description = "1 shard, many keys, a processor sleeping per record: records/s of shardline-serial, "
                + "shardline-lanes and kcl in the same run, then duplicates after a kill -9 with lanes.")
public final class ParallelCommand implements Callable<Integer> {

    @Option(names = "--records", defaultValue = "12000",
            description = "Records put on the shard before the shardline-lanes run.")
    int records;

    @Option(names = "--serial-records", defaultValue = "2500",
            description = "Records put before the shardline-serial and kcl runs (enough for the window at ~50/s).")
    int serialRecords;

    @Option(names = "--kill-records", defaultValue = "6000", description = "Records put before the kill -9 run.")
    int killRecords;

    @Option(names = "--keys", defaultValue = "200", description = "Partition keys, in turn.")
    int keys;

    @Option(names = "--sleep-ms", defaultValue = "20", description = "Processing time per record (a sleep).")
    long sleepMillis;

    @Option(names = "--lanes", defaultValue = "100", description = "Lanes of shardline-lanes.")
    int lanes;

    @Option(names = "--lanes-checkpoint-ms", defaultValue = "0",
            description = "LanesConfig.checkpointInterval of shardline-lanes, ms (0: write as soon as the previous "
                    + "write returned).")
    long lanesCheckpointMillis;

    @Option(names = "--window-s", defaultValue = "30",
            description = "Measurement window after the warm-up (5 s, or a fifth of the run when the backlog lasts"
                    + " less than 10 s), seconds; shorter when the backlog runs out.")
    int windowSeconds;

    @Option(names = "--kill-after", defaultValue = "2500",
            description = "The kill -9 run: records delivered before the lanes worker is killed.")
    int killAfter;

    @Option(names = "--system", defaultValue = "all",
            description = "shardline-serial, shardline-lanes, kcl, kill or all.")
    String system;

    @Override
    public Integer call() {
        if (records < 1 || keys < 1 || sleepMillis < 0 || lanes < 1 || windowSeconds < 1 || killAfter >= killRecords
                || serialRecords < 1) {
            throw new IllegalArgumentException("--records, --keys, --lanes, --window-s must be positive, --sleep-ms"
                    + " >= 0 and --kill-after below --records");
        }
        SystemChoice systems = SystemChoice.of(system, List.of("shardline-serial", "shardline-lanes", "kcl", "kill"));
        return ScenarioRun.onLocalAws("parallel", (aws, results) -> {
            ParallelScenario scenario = new ParallelScenario(aws, results, RunDirectory.create("parallel"), keys,
                    sleepMillis, Duration.ofSeconds(windowSeconds));
            if (systems.includes("shardline-serial")) {
                scenario.throughput(ParallelSystems.shardline(sleepMillis, 0, lanesCheckpointMillis), serialRecords);
            }
            if (systems.includes("shardline-lanes")) {
                scenario.throughput(ParallelSystems.shardline(sleepMillis, lanes, lanesCheckpointMillis), records);
            }
            if (systems.includes("kcl")) {
                scenario.throughput(ParallelSystems.kcl(sleepMillis), serialRecords);
            }
            if (systems.includes("kill")) {
                scenario.killMidRun(ParallelSystems.shardline(sleepMillis, lanes, lanesCheckpointMillis), killRecords,
                        killAfter, lanes);
            }
        });
    }
}
