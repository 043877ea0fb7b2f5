package io.shardline.benchmarks.leasesim;

import io.shardline.benchmarks.Results;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code benchmarks/run lease-sim}: Shardline's lease protocol against KCL 2's algorithm in simulation. */
@Command(name = "lease-sim", mixinStandardHelpOptions = true,
        description = "W workers x L leases on an in-memory lease table with a virtual clock, Shardline vs KCL 2.")
public final class LeaseSimCommand implements Callable<Integer> {

    @Option(names = "--trials", defaultValue = "5", description = "Trials per timed figure (median reported).")
    int trials;

    @Option(names = "--system", defaultValue = "all", description = "shardline, kcl or all.")
    String system;

    @Override
    public Integer call() {
        Results results = new Results("lease-sim", System.out);
        LeaseSimScenario scenario = new LeaseSimScenario(results, trials);
        if (!system.equals("kcl")) {
            scenario.run("shardline", ShardlineLeaseFleet::new);
        }
        if (!system.equals("shardline")) {
            scenario.run("kcl", (leases, seed) -> new KclLeaseFleet(leases, Duration.ofSeconds(10), seed));
        }
        results.printTable();
        return 0;
    }
}
