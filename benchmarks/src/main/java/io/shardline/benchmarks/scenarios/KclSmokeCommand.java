package io.shardline.benchmarks.scenarios;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.RunDirectory;
import io.shardline.benchmarks.kcl.KclSystem;
import io.shardline.testing.LocalAws;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code benchmarks/run kcl-smoke}: Amazon KCL 3.5.1 in a worker process on the emulators delivers 200 records from a
 * 2-shard stream. Checks that the KCL side of every side-by-side scenario works here.
 */
@Command(name = "kcl-smoke", mixinStandardHelpOptions = true,
        description = "One KCL 3.5.1 worker process delivers 200 records from a 2-shard stream on the emulators.")
public final class KclSmokeCommand implements Callable<Integer> {

    @Option(names = "--prefilled-leases", description = "Start KCL on a lease table that already holds a lease per "
            + "shard, skipping its empty-table cold start (random 1-30 s wait, then a 60 s shard-sync pause).")
    boolean prefilledLeases;

    @Override
    public Integer call() {
        Results results = new Results("kcl-smoke", System.out);
        try (LocalAws aws = LocalAws.start()) {
            new SmokeScenario(aws, results, RunDirectory.create("kcl-smoke")).run(new KclSystem(prefilledLeases));
        }
        results.printTable();
        return 0;
    }
}
