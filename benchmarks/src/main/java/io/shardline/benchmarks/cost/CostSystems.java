package io.shardline.benchmarks.cost;

import io.shardline.benchmarks.harness.ConsumerSystem;
import io.shardline.benchmarks.kcl.KclTables;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** The two systems of the cost scenarios: their cost workers, publishing request counts to {@code countsDir}. */
final class CostSystems {

    private CostSystems() {
    }

    /** Shardline: {@link ShardlineCostWorker}; its scheduler creates its own tables and leases. */
    static ConsumerSystem shardline(Path countsDir) {
        return new CostSystem("shardline", ShardlineCostWorker.class, countsDir, false);
    }

    /**
     * KCL 3.5.1: {@link KclCostWorker} on a lease table made by {@link KclTables}, prefilled with one unowned lease per
     * shard (KCL's empty-table cold start of up to ~90 s is not what these scenarios measure).
     */
    static ConsumerSystem kcl(Path countsDir) {
        return new CostSystem("kcl", KclCostWorker.class, countsDir, true);
    }

    private record CostSystem(String name, Class<?> workerMain, Path countsDir, boolean kclTables)
            implements ConsumerSystem {

        @Override
        public void prepare(DynamoDbClient dynamoDb, String application, List<Shard> shards) {
            if (kclTables) {
                KclTables.createLeaseTable(dynamoDb, application);
                KclTables.createLeases(dynamoDb, application, shards);
            }
        }

        @Override
        public List<String> extraArgs() {
            return CostWorkerOptions.args(countsDir);
        }
    }
}
