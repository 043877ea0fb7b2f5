package io.shardline.benchmarks.cost;

import io.shardline.benchmarks.harness.EmulatorClients;
import io.shardline.benchmarks.harness.WorkerLine.Change;
import io.shardline.benchmarks.harness.WorkerOptions;
import io.shardline.benchmarks.harness.WorkerOutput;
import io.shardline.checkpoint.CheckpointException;
import io.shardline.checkpoint.CheckpointResult;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.RecordCheckpointer;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.kcl.StartingPosition;
import io.shardline.lease.LeaseCoordinatorConfig;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * One Shardline worker of the cost scenarios ({@code throughput}, {@code lease-cost}): the configuration of
 * {@code ShardlineWorkerMain} (library defaults, TRIM_HORIZON), a DynamoDB client that counts its requests
 * ({@link CountingClients}), and a processor that does no per-record work: per batch it prints one
 * {@link BatchLine} and checkpoints.
 */
@Command(name = "shardline-cost-worker", mixinStandardHelpOptions = true,
        description = "One Shardline worker counting its DynamoDB requests.")
public final class ShardlineCostWorker implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ShardlineCostWorker.class);
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 60;

    @Mixin
    WorkerOptions options;

    @Mixin
    CostWorkerOptions cost;

    @Override
    public Integer call() throws InterruptedException {
        WorkerOutput out = new WorkerOutput(options.workerId, System.out);
        Scheduler scheduler = Scheduler.create(ConsumerConfig.builder()
                .applicationName(options.application)
                .streamName(options.stream)
                .kinesisClient(EmulatorClients.kinesisPolling(options.kinesisEndpoint))
                .dynamoDbClient(CountingClients.dynamoDb(options.dynamoDbEndpoint, cost.countsDir, options.workerId))
                .initialPosition(StartingPosition.trimHorizon())
                .leaseCoordinatorConfig(LeaseCoordinatorConfig.builder().workerId(options.workerId).build())
                .processorFactory(shardId -> new Processor(out, shardId))
                .build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                scheduler.shutdown().get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("Shardline worker {}: graceful shutdown failed: {}", options.workerId, e.toString());
                scheduler.close();
            } finally {
                stopped.countDown();
            }
        }, "shardline-cost-worker-exit"));
        scheduler.start();
        out.ready();
        stopped.await();
        return 0;
    }

    /** Prints one batch line per batch and checkpoints it. */
    private static final class Processor implements ShardRecordProcessor {
        private final WorkerOutput out;
        private final String shardId;

        Processor(WorkerOutput out, String shardId) {
            this.out = out;
            this.shardId = shardId;
        }

        @Override
        public void initialize(InitializationInput input) {
            out.lease(Change.ACQUIRED, shardId);
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            List<KinesisClientRecord> records = input.records();
            if (!records.isEmpty()) {
                KinesisClientRecord last = records.get(records.size() - 1);
                checkpoint(input.checkpointer(), "batch");
                out.delivered(shardId, last.sequenceNumber(), BatchLine.key(records.size()), null);
            }
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
            out.lease(Change.LOST, shardId);
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            checkpoint(input.checkpointer(), "shard end");
            out.lease(Change.ENDED, shardId);
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            checkpoint(input.checkpointer(), "shutdown");
            out.lease(Change.RELEASED, shardId);
        }

        private void checkpoint(RecordCheckpointer checkpointer, String when) {
            try {
                CheckpointResult result = checkpointer.checkpoint();
                if (!(result instanceof CheckpointResult.Ok)) {
                    log.warn("{}: checkpoint at {}: {}", shardId, when, result);
                }
            } catch (CheckpointException e) {
                log.warn("{}: checkpoint at {} failed: {}", shardId, when, e.toString());
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ShardlineCostWorker()).execute(args));
    }
}
