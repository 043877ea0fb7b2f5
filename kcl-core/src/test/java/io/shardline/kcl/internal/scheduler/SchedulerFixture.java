package io.shardline.kcl.internal.scheduler;

import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.StubClients;
import io.shardline.kcl.internal.aws.KinesisProxy;
import io.shardline.kcl.internal.consumer.ConsumerContext;
import io.shardline.kcl.internal.retrieval.DefaultRecordFetcherFactory;
import io.shardline.kcl.internal.retrieval.ExecutorFetchScheduler;
import io.shardline.kcl.internal.retrieval.FetchEnvironment;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.testing.InMemoryCoordinationStore;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Whole {@link DefaultScheduler}s in one JVM on one in-memory lease store, one in-memory coordination store and an
 * in-memory Kinesis ({@link KinesisProxy}), at test speed: polling every 20 ms, heartbeats every 50 ms, failover
 * after 300 ms. The SDK clients in the config are stubs the schedulers never call: the fixture hands them its stores
 * and Kinesis. Register it as a JUnit extension ({@code @RegisterExtension}); it closes every scheduler it started
 * after each test.
 */
final class SchedulerFixture implements AfterEachCallback {

    /**
     * The consumer timings of most tests: a waiting child re-reads its parents every 20 ms; retries back off from
     * 10 ms, doubling up to 100 ms.
     */
    static final ConsumerContext.Timings FAST_TIMINGS = new ConsumerContext.Timings(Duration.ofMillis(20),
            Duration.ofMillis(10), Duration.ofMillis(100));

    private final KinesisProxy kinesis;
    private final InMemoryLeaseStore leases = InMemoryLeaseStore.create();
    private final InMemoryCoordinationStore coordination = InMemoryCoordinationStore.create();
    private final List<DefaultScheduler> started = new CopyOnWriteArrayList<>();

    SchedulerFixture(KinesisProxy kinesis) {
        this.kinesis = kinesis;
    }

    /** The lease store every scheduler of this fixture shares. */
    InMemoryLeaseStore leases() {
        return leases;
    }

    /**
     * A consumer config, all but the stream (or stream tracker) and the processors set: application {@code app},
     * stub SDK clients, trim horizon, polling every 20 ms at 5 calls/s per shard, a fresh meter registry,
     * {@link #leaseConfig(String)}, 2 processing threads.
     */
    static ConsumerConfig.Builder config(String worker) {
        return ConsumerConfig.builder()
                .applicationName("app")
                .kinesisClient(StubClients.kinesis())
                .dynamoDbClient(StubClients.dynamoDb())
                .initialPosition(StartingPosition.trimHorizon())
                .retrievalConfig(RetrievalConfig.polling().idleInterval(Duration.ofMillis(20))
                        .callsPerSecondPerShard(5).build())
                .meterRegistry(new SimpleMeterRegistry())
                .leaseCoordinatorConfig(leaseConfig(worker).build())
                .processingThreads(2);
    }

    /**
     * The lease coordinator config of {@link #config(String)}: heartbeats every 50 ms, failover after 300 ms,
     * handoffs forced after 2 s, lease scan and lease sync every 200 ms.
     */
    static LeaseCoordinatorConfig.Builder leaseConfig(String worker) {
        return LeaseCoordinatorConfig.builder().workerId(worker)
                .heartbeatInterval(Duration.ofMillis(50)).failoverTimeout(Duration.ofMillis(300))
                .handoffTimeout(Duration.ofSeconds(2)).leaseScanInterval(Duration.ofMillis(200))
                .leaseSyncInterval(Duration.ofMillis(200));
    }

    /** Starts a scheduler of {@code config} with {@link #FAST_TIMINGS}; it is closed after the test. */
    DefaultScheduler start(ConsumerConfig config) {
        return start(config, FAST_TIMINGS);
    }

    /**
     * Starts a scheduler of {@code config} on this fixture's stores and Kinesis (one fetch thread, 20 ms retry
     * backoff, the config's retrieval config and meter registry); it is closed after the test.
     */
    DefaultScheduler start(ConsumerConfig config, ConsumerContext.Timings timings) {
        ExecutorFetchScheduler fetchThreads = new ExecutorFetchScheduler(1);
        FetchEnvironment env = new FetchEnvironment(kinesis, fetchThreads, config.retrievalConfig(),
                IntervalFunction.of(Duration.ofMillis(20)), config.meterRegistry());
        SchedulerComponents components = new SchedulerComponents(leases, coordination,
                new DefaultRecordFetcherFactory(env, config.applicationName(), fetchThreads), kinesis);
        DefaultScheduler scheduler = new DefaultScheduler(config, components, timings);
        started.add(scheduler);
        scheduler.start();
        return scheduler;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(DefaultScheduler::close);
    }
}
