package io.shardline.benchmarks.cost;

import io.shardline.benchmarks.harness.EmulatorClients;
import io.shardline.benchmarks.harness.WorkerLine.Change;
import io.shardline.benchmarks.harness.WorkerOptions;
import io.shardline.benchmarks.harness.WorkerOutput;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.coordinator.WorkerStateChangeListener.WorkerState;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * One Amazon KCL 3.5.1 worker of the cost scenarios: the configuration of {@code KclWorkerMain} (polling with KCL's
 * defaults, no CloudWatch metrics, worker metrics disabled, TRIM_HORIZON), the counting DynamoDB client of
 * {@link CountingClients} handed to {@link ConfigsBuilder}, and the same processor work as
 * {@link ShardlineCostWorker}: one {@link BatchLine} and one checkpoint per batch.
 */
@Command(name = "kcl-cost-worker", mixinStandardHelpOptions = true,
        description = "One KCL 3.5.1 worker counting its DynamoDB requests.")
public final class KclCostWorker implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(KclCostWorker.class);
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 60;

    @Mixin
    WorkerOptions options;

    @Mixin
    CostWorkerOptions cost;

    @Override
    public Integer call() throws InterruptedException {
        WorkerOutput out = new WorkerOutput(options.workerId, System.out);
        KinesisAsyncClient kinesis = EmulatorClients.kinesisPolling(options.kinesisEndpoint);
        DynamoDbAsyncClient dynamoDb = CountingClients.dynamoDb(options.dynamoDbEndpoint, cost.countsDir,
                options.workerId);
        Scheduler scheduler = scheduler(out, kinesis, dynamoDb);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                scheduler.startGracefulShutdown().get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("KCL worker {}: graceful shutdown failed: {}", options.workerId, e.toString());
                scheduler.shutdown();
            } finally {
                stopped.countDown();
            }
        }, "kcl-cost-worker-exit"));
        Thread thread = new Thread(scheduler, "kcl-scheduler");
        thread.start();
        thread.join();
        if (!scheduler.hasGracefulShutdownStarted()) {
            log.error("KCL worker {}: the scheduler stopped by itself (initialization failed?)", options.workerId);
            return 1;
        }
        stopped.await(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return 0;
    }

    private Scheduler scheduler(WorkerOutput out, KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamoDb) {
        SingleStreamTracker stream = new SingleStreamTracker(options.stream,
                InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON));
        ConfigsBuilder configs = new ConfigsBuilder(stream, options.application, kinesis, dynamoDb,
                unusedCloudWatch(), options.workerId, () -> new Processor(out));
        LeaseManagementConfig leases = configs.leaseManagementConfig();
        leases.workerUtilizationAwareAssignmentConfig().disableWorkerMetrics(true);
        return new Scheduler(configs.checkpointConfig(),
                configs.coordinatorConfig().workerStateChangeListener(state -> {
                    if (state == WorkerState.STARTED) {
                        out.ready();
                    }
                }),
                leases, configs.lifecycleConfig(),
                configs.metricsConfig().metricsFactory(new NullMetricsFactory()).metricsLevel(MetricsLevel.NONE),
                configs.processorConfig(),
                configs.retrievalConfig().retrievalSpecificConfig(new PollingConfig(options.stream, kinesis)));
    }

    /** KCL insists on a CloudWatch client; with {@link NullMetricsFactory} it never calls it. */
    private static CloudWatchAsyncClient unusedCloudWatch() {
        return CloudWatchAsyncClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(EmulatorClients.REGION)
                .credentialsProvider(EmulatorClients.CREDENTIALS)
                .build();
    }

    /** Prints one batch line per batch and checkpoints it. */
    private static final class Processor implements ShardRecordProcessor {
        private final WorkerOutput out;
        private String shardId = "?";

        Processor(WorkerOutput out) {
            this.out = out;
        }

        @Override
        public void initialize(InitializationInput input) {
            shardId = input.shardId();
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

        private void checkpoint(RecordProcessorCheckpointer checkpointer, String when) {
            try {
                checkpointer.checkpoint();
            } catch (ShutdownException | InvalidStateException e) {
                log.warn("{}: checkpoint at {} failed: {}", shardId, when, e.toString());
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new KclCostWorker()).execute(args));
    }
}
