package io.shardline.benchmarks.inprocess;

import io.shardline.benchmarks.harness.EmulatorClients;
import io.shardline.benchmarks.kcl.KclTables;
import io.shardline.testing.LocalAws;
import io.shardline.testing.kit.InMemoryKinesisClient;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.MetricsConfig;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * One Amazon KCL 3.5.1 worker in this JVM reading the same {@link InMemoryKinesisClient} as {@link InProcessWorker},
 * with a no-op processor that only counts (never checkpoints); its lease table in dynalite ({@link LocalAws}, created
 * first with {@link KclTables}). Configured as {@code KclWorkerMain} (no CloudWatch metrics, worker metrics off,
 * TRIM_HORIZON), with polling at the same cadence as the Shardline worker of {@code overhead}: one GetRecords per shard
 * every {@code idleMillis} at most.
 */
final class KclInProcessWorker implements AutoCloseable {

    private final LongAdder processed = new LongAdder();
    private final Scheduler scheduler;
    private final Thread thread;
    private final CloudWatchAsyncClient cloudWatch;

    KclInProcessWorker(LocalAws aws, InMemoryKinesisClient kinesis, String application, long idleMillis) {
        KclTables.createLeaseTable(aws.dynamoDb(), application);
        SingleStreamTracker stream = new SingleStreamTracker(InProcessWorker.STREAM,
                InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON));
        cloudWatch = CloudWatchAsyncClient.builder() // KCL insists on one; with NullMetricsFactory it never calls it
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(EmulatorClients.REGION)
                .credentialsProvider(EmulatorClients.CREDENTIALS)
                .build();
        ConfigsBuilder configs = new ConfigsBuilder(stream, application, kinesis, aws.dynamoDbAsync(), cloudWatch,
                application + "-w1", () -> new CountingProcessor(processed));
        PollingConfig polling = new PollingConfig(InProcessWorker.STREAM, kinesis)
                .idleTimeBetweenReadsInMillis(idleMillis);
        var leases = configs.leaseManagementConfig();
        leases.workerUtilizationAwareAssignmentConfig().disableWorkerMetrics(true);
        MetricsConfig metrics = configs.metricsConfig().metricsFactory(new NullMetricsFactory())
                .metricsLevel(MetricsLevel.NONE);
        scheduler = new Scheduler(configs.checkpointConfig(), configs.coordinatorConfig(), leases,
                configs.lifecycleConfig(), metrics, configs.processorConfig(),
                configs.retrievalConfig().retrievalSpecificConfig(polling));
        thread = new Thread(scheduler, "kcl-scheduler-" + application);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    long processed() {
        return processed.sum();
    }

    /** Stops at once (no handoff: nothing was checkpointed and the table is dropped with the emulator). */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            cloudWatch.close();
        }
    }

    /** Counts records; never checkpoints (framework cost only, as the Shardline side). */
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
