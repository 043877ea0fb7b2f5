package io.shardline.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * One of the systems a scenario compares ({@code shardline} or {@code kcl}): which worker main to launch and what
 * must exist before the first worker of an application starts.
 */
public interface ConsumerSystem {

    /** The system's name in RESULT lines: {@code shardline} or {@code kcl}. */
    String name();

    /** The worker main: takes {@link WorkerOptions} plus {@link #extraArgs()}, prints {@link LineProtocol} lines. */
    Class<?> workerMain();

    /**
     * Creates what the application's first worker cannot create by itself on the emulators, before it starts.
     *
     * @param shards the stream's shards, for a system that starts from a lease table filled ahead
     */
    void prepare(DynamoDbClient dynamoDb, String application, List<Shard> shards);

    /** Arguments added to every worker's command line. */
    default List<String> extraArgs() {
        return List.of();
    }

    /** This system with {@code args} added to every worker's command line. */
    default ConsumerSystem withArgs(List<String> args) {
        ConsumerSystem self = this;
        List<String> all = new ArrayList<>(extraArgs());
        all.addAll(args);
        List<String> combined = List.copyOf(all);
        return new ConsumerSystem() {
            @Override
            public String name() {
                return self.name();
            }

            @Override
            public Class<?> workerMain() {
                return self.workerMain();
            }

            @Override
            public void prepare(DynamoDbClient dynamoDb, String application, List<Shard> shards) {
                self.prepare(dynamoDb, application, shards);
            }

            @Override
            public List<String> extraArgs() {
                return combined;
            }
        };
    }
}
