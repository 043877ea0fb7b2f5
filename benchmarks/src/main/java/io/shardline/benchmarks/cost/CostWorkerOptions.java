package io.shardline.benchmarks.cost;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** What the cost workers take beyond {@code WorkerOptions}: where to publish their DynamoDB request counts. */
public final class CostWorkerOptions {

    @Option(names = "--counts-dir", required = true,
            description = "Directory of the <workerId>.dynamodb-requests files (DynamoDB requests per operation).")
    public Path countsDir;

    public CostWorkerOptions() {
    }

    /** The extra worker arguments for {@code dir}. */
    public static List<String> args(Path dir) {
        return List.of("--counts-dir", dir.toAbsolutePath().toString());
    }
}
