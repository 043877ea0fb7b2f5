package io.shardline.benchmarks.cost;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.ConsumerSystem;
import io.shardline.benchmarks.harness.RunDirectory;
import io.shardline.testing.LocalAws;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** {@code benchmarks/run lease-cost}: DynamoDB requests per second per idle worker, Shardline vs KCL. */
@Command(name = "lease-cost", mixinStandardHelpOptions = true,
        description = "DynamoDB requests/s per worker of an idle application (counted by an SDK interceptor).")
public final class LeaseCostCommand implements Callable<Integer> {

    @Option(names = "--system", defaultValue = "all", description = "shardline, kcl or all (side by side).")
    String system;

    @Option(names = "--workers", defaultValue = "3", description = "Worker processes per system.")
    int workers;

    @Option(names = "--shards", defaultValue = "8", description = "Shards of the (empty) stream.")
    int shards;

    @Option(names = "--settle-s", defaultValue = "10", description = "Wait after the leases are balanced.")
    int settleSeconds;

    @Option(names = "--window-s", defaultValue = "60", description = "Measurement window.")
    int windowSeconds;

    @Override
    public Integer call() {
        if (workers < 1 || shards < 1 || settleSeconds < 0 || windowSeconds < 1) {
            throw new IllegalArgumentException("--workers, --shards, --window-s must be positive and --settle-s >= 0,"
                    + " were " + workers + ", " + shards + ", " + windowSeconds + ", " + settleSeconds);
        }
        if (!List.of("all", "shardline", "kcl").contains(system)) {
            throw new IllegalArgumentException("--system must be shardline, kcl or all, was " + system);
        }
        Results results = new Results("lease-cost", System.out);
        Path runDir = RunDirectory.create("lease-cost");
        try (LocalAws aws = LocalAws.start()) {
            String stream = "lease-cost";
            List<Shard> created = aws.streams().create(stream, shards);
            List<ConsumerSystem> systems = new ArrayList<>();
            if (!system.equals("kcl")) {
                systems.add(CostSystems.shardline(runDir.resolve("counts")));
            }
            if (!system.equals("shardline")) {
                systems.add(CostSystems.kcl(runDir.resolve("counts")));
            }
            new LeaseCostScenario(aws, results, runDir, stream, created, workers)
                    .run(systems, Duration.ofSeconds(settleSeconds), Duration.ofSeconds(windowSeconds));
        }
        results.printTable();
        return 0;
    }
}
