package io.shardline.testing.faults;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.FailurePolicy;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.StoreResilienceConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestRecord;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;

/**
 * Settings shared by the fault suites: the consumer suites' short coordination timings (heartbeat 250 ms, failover
 * 1.5 s), quick polling, and retry/breaker timings short enough that a test sees a whole episode (fault, backoff,
 * breaker open, recovery) in a few seconds. The worker's clients are the faulty ones; the test's own calls use the
 * shared clean clients.
 */
final class FaultIt {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final int SHARDS = 2;
    static final int KEYS = 20;

    static final LeaseCoordinatorConfig FAST_COORDINATION = LeaseCoordinatorConfig.builder()
            .heartbeatInterval(Duration.ofMillis(250))
            .failoverTimeout(Duration.ofMillis(1500))
            .handoffTimeout(Duration.ofSeconds(5))
            .leaseScanInterval(Duration.ofSeconds(1))
            .leaseSyncInterval(Duration.ofSeconds(1))
            .build();

    static final RetrievalConfig POLLING = RetrievalConfig.polling()
            .idleInterval(Duration.ofMillis(200))
            .callsPerSecondPerShard(5)
            .retryBackoffBase(Duration.ofMillis(50))
            .retryBackoffMax(Duration.ofMillis(500))
            .build();

    /** Store retries of ~1 s in all; the breaker opens after 5 failures of the last 10 and waits 1 s. */
    static final StoreResilienceConfig STORE_RESILIENCE = StoreResilienceConfig.builder()
            .maxAttempts(4)
            .initialBackoff(Duration.ofMillis(25))
            .maxBackoff(Duration.ofMillis(200))
            .slidingWindowSize(10)
            .minimumCalls(5)
            .openStateWait(Duration.ofSeconds(1))
            .build();

    private FaultIt() {
    }

    /** A worker of {@code application} on {@code stream} from TRIM_HORIZON, on the faulty clients. */
    static ConsumerConfig.Builder config(LocalAws.FaultyClients clients, String application, String stream,
            String worker, ShardRecordProcessorFactory processors, MeterRegistry registry) {
        return ConsumerConfig.builder()
                .applicationName(application)
                .streamName(stream)
                .kinesisClient(clients.kinesisAsync())
                .dynamoDbClient(clients.dynamoDbAsync())
                .initialPosition(StartingPosition.trimHorizon())
                .retrievalConfig(POLLING)
                .processorFactory(processors)
                .meterRegistry(registry)
                .leaseCoordinatorConfig(FAST_COORDINATION.toBuilder().workerId(worker).build())
                .storeResilienceConfig(STORE_RESILIENCE)
                .failurePolicy(FailurePolicy.builder().retryBackoffBase(Duration.ofMillis(20))
                        .retryBackoffMax(Duration.ofMillis(200)).build())
                .shardSyncInterval(Duration.ofSeconds(10))
                .processingThreads(2);
    }

    /** Records {@code from..to-1}: partition key {@code key-(i % 20)}, data {@code d-i}. */
    static List<TestRecord> records(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> TestRecord.of("key-" + (i % KEYS), "d-" + i)).toList();
    }

    static ConditionFactory waiting(String what) {
        return await(what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(50));
    }

    /** A meter's count (counters and function counters), 0 when it is not registered (yet). */
    static double count(MeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).meters().stream()
                .flatMap(m -> java.util.stream.StreamSupport.stream(m.measure().spliterator(), false))
                .mapToDouble(io.micrometer.core.instrument.Measurement::getValue).sum();
    }
}
