package io.shardline.benchmarks.scenarios;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.RunDirectory;
import io.shardline.benchmarks.kcl.KclSystem;
import io.shardline.benchmarks.shardline.ShardlineSystem;
import io.shardline.testing.LocalAws;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code benchmarks/run smoke}: one worker process of each system delivers 200 records from its own 2-shard stream on
 * the same emulators, one system after the other.
 */
@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = "One worker process per system delivers 200 records from a 2-shard stream on the emulators.")
public final class SmokeCommand implements Callable<Integer> {

    @Option(names = "--system", defaultValue = "all", description = "shardline, kcl or all.")
    String system;

    @Option(names = "--prefilled-leases", description = "Start KCL on a lease table that already holds a lease per "
            + "shard, skipping its empty-table cold start (random 1-30 s wait, then a 60 s shard-sync pause).")
    boolean prefilledLeases;

    @Override
    public Integer call() {
        Results results = new Results("smoke", System.out);
        try (LocalAws aws = LocalAws.start()) {
            Path logDir = RunDirectory.create("smoke");
            SmokeScenario scenario = new SmokeScenario(aws, results, logDir);
            if (!system.equals("kcl")) {
                scenario.run(new ShardlineSystem());
            }
            if (!system.equals("shardline")) {
                scenario.run(new KclSystem(prefilledLeases));
            }
        }
        results.printTable();
        return 0;
    }
}
