package io.shardline.benchmarks.shardline;

import io.shardline.benchmarks.cost.CostWorkerOptions;
import io.shardline.benchmarks.harness.EmulatorClients;
import io.shardline.benchmarks.harness.WorkerOptions;
import io.shardline.benchmarks.harness.WorkerOutput;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.LeaseCoordinatorConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * One Shardline worker against the local emulators, printing the worker line protocol on stdout (logs go to stderr),
 * the counterpart of {@code KclWorkerMain}. The scheduler creates its own tables and leases. SIGTERM runs the
 * scheduler's graceful shutdown (handoff to peers); SIGKILL is a crash.
 *
 * <p>Configuration: the library's defaults (polling, idle interval 1 s unless {@code --idle-ms}, or enhanced fan-out
 * with {@code --fan-out}; heartbeat 1 s, failover 3 s), initial position TRIM_HORIZON, the given worker id. The cost
 * scenarios add {@link CostWorkerOptions} (counted DynamoDB requests, batch lines).
 */
@Command(name = "shardline-worker", mixinStandardHelpOptions = true, description = "One Shardline worker.")
public final class ShardlineWorkerMain implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ShardlineWorkerMain.class);
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 60;

    @Mixin
    WorkerOptions options;

    @Mixin
    CostWorkerOptions cost;

    @Option(names = "--idle-ms", description = "Polling idle interval in ms; the library's default if unset.")
    Long idleMillis;

    @Option(names = "--fan-out", description = "Enhanced fan-out retrieval (library defaults; consumer name = "
            + "application name) over an HTTP/2 client instead of polling.")
    boolean fanOut;

    @Option(names = "--sleep-ms", description = "The parallel scenario: a RecordHandler that sleeps this long per "
            + "record, then prints its EVENT line (serial: RecordHandlers.processorFactory, checkpoint after each batch;"
            + " with --lanes: RecordHandlers.parallel).")
    Long sleepMillis;

    @Option(names = "--lanes", defaultValue = "0", description = "With --sleep-ms: lanes per shard (0: serial).")
    int lanes;

    @Option(names = "--lanes-checkpoint-ms", defaultValue = "1000",
            description = "With --lanes: LanesConfig.checkpointInterval in ms.")
    long lanesCheckpointMillis;

    @Override
    public Integer call() throws InterruptedException {
        WorkerOutput out = new WorkerOutput(options.workerId, System.out);
        KinesisAsyncClient kinesis = EmulatorClients.kinesis(options.kinesisEndpoint, fanOut);
        DynamoDbAsyncClient dynamoDb = cost.dynamoDb(options.dynamoDbEndpoint, options.workerId);
        Scheduler scheduler = Scheduler.create(config(out, kinesis, dynamoDb));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(scheduler, stopped), "shardline-worker-exit"));
        scheduler.start();
        out.ready();
        stopped.await();
        return 0;
    }

    private ConsumerConfig config(WorkerOutput out, KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamoDb) {
        ConsumerConfig.Builder config = ConsumerConfig.builder()
                .applicationName(options.application)
                .streamName(options.stream)
                .kinesisClient(kinesis)
                .dynamoDbClient(dynamoDb)
                .initialPosition(StartingPosition.trimHorizon())
                .leaseCoordinatorConfig(LeaseCoordinatorConfig.builder().workerId(options.workerId).build())
                .processorFactory(sleepMillis == null
                        ? shardId -> new ShardlineRecordProcessor(out, shardId, cost.batchLines)
                        : SleepingHandler.factory(out, Duration.ofMillis(sleepMillis), lanes,
                                Duration.ofMillis(lanesCheckpointMillis), options.application, options.stream));
        if (fanOut) {
            config.retrievalConfig(RetrievalConfig.fanOut().build());
        } else if (idleMillis != null) {
            config.retrievalConfig(RetrievalConfig.polling().idleInterval(Duration.ofMillis(idleMillis)).build());
        }
        return config.build();
    }

    private void shutDown(Scheduler scheduler, CountDownLatch stopped) {
        try {
            log.info("Shardline worker {}: graceful shutdown", options.workerId);
            scheduler.shutdown().get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("Shardline worker {}: graceful shutdown complete", options.workerId);
        } catch (Exception e) {
            log.warn("Shardline worker {}: graceful shutdown failed: {}", options.workerId, e.toString());
            scheduler.close();
        } finally {
            stopped.countDown();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ShardlineWorkerMain()).execute(args));
    }
}
