package io.shardline.kclcompat;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
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
 * One real Amazon KCL 3.5.1 worker in its own JVM ({@link KclWorker} starts it on the test class path), journaling
 * what its record processors do, one flushed line per event:
 * {@code STARTED} (the scheduler finished initializing), {@code I shard checkpoint} (initialize, with the position
 * KCL resumes from), {@code R shard seq sub key data} (a record delivered), {@code C shard seq sub} (a checkpoint
 * KCL accepted), {@code E shard} (shard end checkpointed), {@code S shard} (shutdown requested, everything delivered
 * checkpointed), {@code L shard} (lease lost).
 *
 * <p>The processor checkpoints at every {@value #CHECKPOINT_EVERY}th record it delivers (mid-batch), so a worker
 * killed with SIGKILL leaves delivered records after its last checkpoint; at shutdown and at shard end it
 * checkpoints everything, as KCL applications usually do. SIGTERM (or the test JVM going away: stdin closes) runs
 * KCL's graceful shutdown ({@code startGracefulShutdown}).
 *
 * <p>KCL is configured as an application on the emulators would be, with its timings shortened so the suite stays
 * short: failover 3 s (renewal every 1 s), lease assignment every 2 s, leader lock 6 s, parent-shard poll 500 ms,
 * dispatch 500 ms, polling every 200 ms with at most 50 records per call; no CloudWatch, worker metrics off
 * (they read host CPU), TRIM_HORIZON. Everything else is KCL's default (3.x mode, graceful lease handoff on).
 *
 * <p>Arguments: kinesisEndpoint dynamoDbEndpoint region stream application workerId journal.
 */
public final class KclWorkerMain {

    static final int CHECKPOINT_EVERY = 7;
    private static final long FAILOVER_MILLIS = 3_000;

    private KclWorkerMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Region region = Region.of(args[2]);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("test", "test"));
        KinesisAsyncClient kinesis = KinesisAsyncClient.builder().endpointOverride(URI.create(args[0]))
                .region(region).credentialsProvider(credentials)
                .httpClient(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1).build()).build();
        DynamoDbAsyncClient dynamoDb = DynamoDbAsyncClient.builder().endpointOverride(URI.create(args[1]))
                .region(region).credentialsProvider(credentials).build();
        // KCL insists on a CloudWatch client; with NullMetricsFactory it never calls it (nothing listens on port 9).
        CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:9")).region(region).credentialsProvider(credentials)
                .build();
        String stream = args[3];
        String application = args[4];
        String workerId = args[5];
        Journal journal = new Journal(Path.of(args[6]));

        ConfigsBuilder configs = new ConfigsBuilder(new SingleStreamTracker(stream,
                InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
                application, kinesis, dynamoDb, cloudWatch, workerId, () -> new JournalingProcessor(journal));
        LeaseManagementConfig leases = configs.leaseManagementConfig()
                .failoverTimeMillis(FAILOVER_MILLIS)
                .leaseAssignmentIntervalMillis(2_000L)
                .dynamoDbLockBasedLeaderLeaseDurationInMillis(6_000)
                .dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(2_000);
        leases.workerUtilizationAwareAssignmentConfig().disableWorkerMetrics(true);
        PollingConfig polling = new PollingConfig(stream, kinesis).idleTimeBetweenReadsInMillis(200).maxRecords(50);
        Scheduler scheduler = new Scheduler(
                configs.checkpointConfig(),
                configs.coordinatorConfig()
                        .parentShardPollIntervalMillis(500)
                        .shardConsumerDispatchPollIntervalMillis(500)
                        .workerStateChangeListener(state -> {
                            if (state == WorkerState.STARTED) {
                                journal.write("STARTED");
                            }
                        }),
                leases,
                configs.lifecycleConfig(),
                configs.metricsConfig().metricsFactory(new NullMetricsFactory()).metricsLevel(MetricsLevel.NONE),
                configs.processorConfig(),
                configs.retrievalConfig().retrievalSpecificConfig(polling));

        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopGracefully(scheduler), "kcl-graceful-shutdown"));
        Thread worker = new Thread(scheduler, "kcl-scheduler");
        worker.start();
        Thread orphanWatch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the test JVM keeps stdin open while it runs
                }
            } catch (IOException e) {
                // treated as closed
            }
            System.exit(0); // runs the graceful shutdown hook
        }, "kcl-stdin-watch");
        orphanWatch.setDaemon(true);
        orphanWatch.start();
        worker.join();
    }

    private static void stopGracefully(Scheduler scheduler) {
        try {
            boolean done = scheduler.startGracefulShutdown().get(Duration.ofSeconds(60).toMillis(),
                    TimeUnit.MILLISECONDS);
            System.err.println("KCL graceful shutdown " + (done ? "complete" : "incomplete"));
        } catch (Exception e) {
            System.err.println("KCL graceful shutdown failed: " + e);
            scheduler.shutdown();
        }
    }

    /** The journal file: one line per event, flushed at once (a SIGKILL loses no written line). */
    static final class Journal {
        private final PrintWriter out;

        Journal(Path file) throws IOException {
            out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
        }

        synchronized void write(String line) {
            out.println(line);
            out.flush();
        }
    }

    /** Journals every callback; checkpoints every {@value #CHECKPOINT_EVERY}th record, at shutdown and shard end. */
    private static final class JournalingProcessor implements ShardRecordProcessor {
        private final Journal journal;
        private String shardId = "?";
        private long delivered;

        JournalingProcessor(Journal journal) {
            this.journal = journal;
        }

        @Override
        public void initialize(InitializationInput input) {
            shardId = input.shardId();
            journal.write("I " + shardId + " " + input.extendedSequenceNumber());
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            for (KinesisClientRecord record : input.records()) {
                byte[] data = new byte[record.data().remaining()];
                record.data().duplicate().get(data);
                journal.write("R " + shardId + " " + record.sequenceNumber() + " " + record.subSequenceNumber() + " "
                        + record.partitionKey() + " " + new String(data, StandardCharsets.UTF_8));
                if (++delivered % CHECKPOINT_EVERY == 0) {
                    try {
                        input.checkpointer().checkpoint(record.sequenceNumber(), record.subSequenceNumber());
                        journal.write("C " + shardId + " " + record.sequenceNumber() + " "
                                + record.subSequenceNumber());
                    } catch (ShutdownException | InvalidStateException e) {
                        System.err.println(shardId + ": checkpoint failed: " + e);
                    }
                }
            }
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
            journal.write("L " + shardId);
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            if (checkpointAll(input.checkpointer())) {
                journal.write("E " + shardId);
            }
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            if (checkpointAll(input.checkpointer())) {
                journal.write("S " + shardId);
            }
        }

        private boolean checkpointAll(RecordProcessorCheckpointer checkpointer) {
            try {
                checkpointer.checkpoint();
                return true;
            } catch (ShutdownException | InvalidStateException e) {
                System.err.println(shardId + ": checkpoint failed: " + e);
                return false;
            }
        }
    }
}
