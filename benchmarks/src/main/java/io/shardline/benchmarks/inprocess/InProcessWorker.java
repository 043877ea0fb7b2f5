package io.shardline.benchmarks.inprocess;

import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.kit.InMemoryKinesisClient;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * One Shardline worker reading an {@link InMemoryKinesisClient} (records generated on demand, no network) with a
 * no-op processor that only counts; leases in DynamoDB (dynalite from {@link LocalAws}). What remains is the
 * framework: fetch scheduling, de-aggregation, dispatch to processors, lease coordination.
 */
final class InProcessWorker implements AutoCloseable {

    static final String STREAM = "in-memory";

    private final LongAdder processed = new LongAdder();
    private final Scheduler scheduler;

    InProcessWorker(LocalAws aws, InMemoryKinesisClient kinesis, String application, int callsPerSecondPerShard) {
        this(aws.dynamoDbAsync(), kinesis, application, callsPerSecondPerShard);
    }

    /** With the caller's DynamoDB client (the scale scenario counts its requests). */
    InProcessWorker(DynamoDbAsyncClient dynamoDb, InMemoryKinesisClient kinesis, String application,
            int callsPerSecondPerShard) {
        scheduler = Scheduler.create(ConsumerConfig.builder()
                .applicationName(application)
                .streamName(STREAM)
                .kinesisClient(kinesis)
                .dynamoDbClient(dynamoDb)
                .initialPosition(StartingPosition.trimHorizon())
                .retrievalConfig(RetrievalConfig.polling()
                        .callsPerSecondPerShard(callsPerSecondPerShard)
                        .idleInterval(Duration.ofSeconds(1))
                        .build())
                // One worker, so lease timings do not enter the figures; failoverTimeout 30 s because on a loaded
                // machine (load 20-30) dynalite answered heartbeats later than 3 s and even 10 s allow, and a
                // self-fenced worker measures nothing.
                .leaseCoordinatorConfig(LeaseCoordinatorConfig.builder().workerId(application + "-w1")
                        .failoverTimeout(Duration.ofSeconds(30)).foreignOwnerTimeout(Duration.ofSeconds(30)).build())
                .processorFactory(shardId -> new CountingProcessor(processed))
                .build());
    }

    void start() {
        scheduler.start();
    }

    long processed() {
        return processed.sum();
    }

    int ownedLeases() {
        return scheduler.ownedLeaseKeys().size();
    }

    @Override
    public void close() {
        scheduler.close();
    }

    /** Counts records; never checkpoints while processing (framework cost only). */
    private record CountingProcessor(LongAdder processed) implements ShardRecordProcessor {

        @Override
        public void initialize(InitializationInput input) {
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            processed.add(input.records().size());
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
        }
    }
}
