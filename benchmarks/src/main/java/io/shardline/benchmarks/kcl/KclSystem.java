package io.shardline.benchmarks.kcl;

import io.shardline.benchmarks.harness.ConsumerSystem;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Amazon KCL 3.5.1 as a benchmark system: {@link KclWorkerMain} workers on a lease table made by {@link KclTables},
 * empty (KCL's real cold start) or prefilled with one unowned lease per shard (skips it, see
 * {@link KclTables#createLeases}).
 */
public final class KclSystem implements ConsumerSystem {

    private final boolean prefilledLeases;

    public KclSystem(boolean prefilledLeases) {
        this.prefilledLeases = prefilledLeases;
    }

    @Override
    public String name() {
        return "kcl";
    }

    @Override
    public Class<?> workerMain() {
        return KclWorkerMain.class;
    }

    @Override
    public void prepare(DynamoDbClient dynamoDb, String application, List<Shard> shards) {
        KclTables.createLeaseTable(dynamoDb, application);
        if (prefilledLeases) {
            KclTables.createLeases(dynamoDb, application, shards);
        }
    }
}
