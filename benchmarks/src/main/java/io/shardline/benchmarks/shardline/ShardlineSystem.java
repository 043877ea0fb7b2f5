package io.shardline.benchmarks.shardline;

import io.shardline.benchmarks.harness.ConsumerSystem;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** Shardline as a benchmark system: {@link ShardlineWorkerMain} workers; the scheduler creates its own tables. */
public final class ShardlineSystem implements ConsumerSystem {

    @Override
    public String name() {
        return "shardline";
    }

    @Override
    public Class<?> workerMain() {
        return ShardlineWorkerMain.class;
    }

    @Override
    public void prepare(DynamoDbClient dynamoDb, String application, List<Shard> shards) {
        // Scheduler.start() creates the lease and coordination tables (with their indexes) in CreateTable calls.
    }
}
