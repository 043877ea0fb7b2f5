package io.shardline.benchmarks.kcl;

import io.shardline.benchmarks.cost.CostWorkerOptions;
import io.shardline.benchmarks.harness.EmulatorClients;
import io.shardline.benchmarks.harness.WorkerOptions;
import io.shardline.benchmarks.harness.WorkerOutput;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.coordinator.WorkerStateChangeListener.WorkerState;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.metrics.MetricsConfig;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.RetrievalConfig;
import software.amazon.kinesis.retrieval.RetrievalSpecificConfig;
import software.amazon.kinesis.retrieval.fanout.FanOutConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * One Amazon KCL 3.5.1 worker against the local emulators, printing the worker line protocol on stdout (logs go to
 * stderr). Run by the benchmark driver through {@code WorkerProcess}; the driver creates the KCL tables first
 * ({@link KclTables}). SIGTERM runs KCL's graceful shutdown; SIGKILL is a crash.
 *
 * <p>Configuration (everything else is KCL's default): polling retrieval ({@link PollingConfig}, default idle time
 * between reads 1,500 ms unless {@code --idle-ms}) or, with {@code --fan-out}, enhanced fan-out ({@link FanOutConfig}
 * over an HTTP/2 client), no CloudWatch metrics ({@link NullMetricsFactory},
 * {@link MetricsLevel#NONE}), worker metrics disabled (they read host CPU; the lease assignment then balances by
 * lease count and throughput), initial position TRIM_HORIZON. The cost scenarios add {@link CostWorkerOptions}
 * (counted DynamoDB requests, batch lines).
 */
@Command(name = "kcl-worker", mixinStandardHelpOptions = true, description = "One KCL 3.5.1 worker.")
public final class KclWorkerMain implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(KclWorkerMain.class);
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 60;

    @Mixin
    WorkerOptions options;

    @Mixin
    CostWorkerOptions cost;

    @Option(names = "--idle-ms", description = "PollingConfig idleTimeBetweenReadsInMillis; KCL's default if unset.")
    Long idleMillis;

    @Option(names = "--fan-out", description = "Enhanced fan-out (FanOutConfig: KCL registers the consumer itself) "
            + "over an HTTP/2 client instead of polling.")
    boolean fanOut;

    @Option(names = "--sleep-ms", defaultValue = "0", description = "The parallel scenario: sleep this long per record"
            + " (a slow call) before its EVENT line.")
    long sleepMillis;

    @Override
    public Integer call() throws InterruptedException {
        WorkerOutput out = new WorkerOutput(options.workerId, System.out);
        KinesisAsyncClient kinesis = EmulatorClients.kinesis(options.kinesisEndpoint, fanOut);
        DynamoDbAsyncClient dynamoDb = cost.dynamoDb(options.dynamoDbEndpoint, options.workerId);
        CloudWatchAsyncClient cloudWatch = unusedCloudWatch();
        Scheduler scheduler = scheduler(out, kinesis, dynamoDb, cloudWatch);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(scheduler, stopped), "kcl-worker-shutdown"));
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

    private Scheduler scheduler(WorkerOutput out, KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamoDb,
                                CloudWatchAsyncClient cloudWatch) {
        // KCL's default initial position is LATEST; the benchmarks put records before the workers start.
        SingleStreamTracker stream = new SingleStreamTracker(options.stream,
                InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON));
        ConfigsBuilder configs = new ConfigsBuilder(stream, options.application, kinesis, dynamoDb, cloudWatch,
                options.workerId, () -> new KclRecordProcessor(out, cost.batchLines, sleepMillis));
        RetrievalConfig retrieval = configs.retrievalConfig().retrievalSpecificConfig(retrieval(kinesis));
        LeaseManagementConfig leases = configs.leaseManagementConfig();
        leases.workerUtilizationAwareAssignmentConfig().disableWorkerMetrics(true);
        MetricsConfig metrics = configs.metricsConfig()
                .metricsFactory(new NullMetricsFactory())
                .metricsLevel(MetricsLevel.NONE);
        return new Scheduler(configs.checkpointConfig(),
                configs.coordinatorConfig().workerStateChangeListener(state -> {
                    log.info("KCL worker {} is {}", options.workerId, state);
                    if (state == WorkerState.STARTED) {
                        out.ready();
                    }
                }),
                leases, configs.lifecycleConfig(), metrics, configs.processorConfig(), retrieval);
    }

    /**
     * Polling with KCL's defaults (idle time between reads unless {@code --idle-ms}), or enhanced fan-out with KCL's
     * defaults: consumer name = application name, registered (or found) by KCL with RegisterStreamConsumer.
     */
    private RetrievalSpecificConfig retrieval(KinesisAsyncClient kinesis) {
        if (fanOut) {
            return new FanOutConfig(kinesis).streamName(options.stream).applicationName(options.application);
        }
        PollingConfig polling = new PollingConfig(options.stream, kinesis);
        if (idleMillis != null) {
            polling.idleTimeBetweenReadsInMillis(idleMillis);
        }
        return polling;
    }

    /** KCL insists on a CloudWatch client; with {@link NullMetricsFactory} it never calls it. */
    private static CloudWatchAsyncClient unusedCloudWatch() {
        return CloudWatchAsyncClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(EmulatorClients.REGION)
                .credentialsProvider(EmulatorClients.CREDENTIALS)
                .build();
    }

    private void shutDown(Scheduler scheduler, CountDownLatch stopped) {
        try {
            log.info("KCL worker {}: graceful shutdown", options.workerId);
            boolean done = scheduler.startGracefulShutdown().get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("KCL worker {}: graceful shutdown {}", options.workerId, done ? "complete" : "incomplete");
        } catch (Exception e) {
            log.warn("KCL worker {}: graceful shutdown failed: {}", options.workerId, e.toString());
            scheduler.shutdown();
        } finally {
            stopped.countDown();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new KclWorkerMain()).execute(args));
    }
}
