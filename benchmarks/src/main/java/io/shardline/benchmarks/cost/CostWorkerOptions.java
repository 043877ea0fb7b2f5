package io.shardline.benchmarks.cost;

import io.shardline.benchmarks.harness.EmulatorClients;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * The worker mains' options for the cost scenarios ({@code throughput}, {@code lease-cost}), a picocli mixin of
 * {@code ShardlineWorkerMain} and {@code KclWorkerMain}: count the DynamoDB requests of the client handed to the
 * library ({@link DynamoDbRequestCounter}, published through {@link CountsFile}), and print one {@link BatchLine} per
 * batch instead of one EVENT line per record. Both off by default (the other scenarios).
 */
public final class CostWorkerOptions {

    @Option(names = "--counts-dir",
            description = "Count the library's DynamoDB requests per operation into <dir>/<workerId>.dynamodb-requests.")
    public Path countsDir;

    @Option(names = "--batch-lines",
            description = "Print one batch line per batch (its last record, key batch-<size>) instead of one EVENT "
                    + "line per record.")
    public boolean batchLines;

    public CostWorkerOptions() {
    }

    /** The worker arguments of the cost scenarios: counts published to {@code countsDir}, batch lines. */
    public static List<String> args(Path countsDir) {
        return List.of("--counts-dir", countsDir.toAbsolutePath().toString(), "--batch-lines");
    }

    /**
     * The DynamoDB client to hand to the library: {@link EmulatorClients#dynamoDb(URI)}, plus a
     * {@link DynamoDbRequestCounter} publishing to {@code workerId}'s {@link CountsFile} when {@code --counts-dir}
     * is set.
     */
    public DynamoDbAsyncClient dynamoDb(URI endpoint, String workerId) {
        if (countsDir == null) {
            return EmulatorClients.dynamoDb(endpoint);
        }
        DynamoDbRequestCounter counter = new DynamoDbRequestCounter();
        CountsFile.publish(counter, CountsFile.of(countsDir, workerId));
        return EmulatorClients.dynamoDb(endpoint, List.of(counter));
    }
}
