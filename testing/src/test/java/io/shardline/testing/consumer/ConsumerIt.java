package io.shardline.testing.consumer;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestRecord;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;

/** Settings and helpers shared by the consumer suites. */
final class ConsumerIt {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final int SHARDS = 4;
    static final int KEYS = 100;

    /**
     * Short coordination timings so failovers take about a second: 250 ms heartbeats, dead after 1.5 s, handoffs
     * forced after 5 s, the leader rescans every second. With 1 s, workers sometimes fenced themselves for lack of a
     * heartbeat while the 2-core CI machine was loaded (dynalite answering in 750+ ms); correct, but it moves leases
     * and blurs what a test looks at.
     */
    static final LeaseCoordinatorConfig FAST_COORDINATION = LeaseCoordinatorConfig.builder()
            .heartbeatInterval(Duration.ofMillis(250))
            .failoverTimeout(Duration.ofMillis(1500))
            .handoffTimeout(Duration.ofSeconds(5))
            .leaseScanInterval(Duration.ofSeconds(1))
            .leaseSyncInterval(Duration.ofSeconds(1))
            .build();

    /** Quick polling: the emulator has no per-shard read limit to respect. */
    static final RetrievalConfig POLLING = RetrievalConfig.polling()
            .idleInterval(Duration.ofMillis(200))
            .callsPerSecondPerShard(5)
            .build();

    private ConsumerIt() {
    }

    /** A scheduler config for {@code worker} of {@code application}, reading {@code stream} from TRIM_HORIZON. */
    static ConsumerConfig.Builder config(LocalAws aws, String application, String stream, String worker,
            ShardRecordProcessorFactory processors, MeterRegistry registry) {
        return ConsumerConfig.builder()
                .applicationName(application)
                .streamName(stream)
                .kinesisClient(aws.kinesisAsync())
                .dynamoDbClient(aws.dynamoDbAsync())
                .initialPosition(StartingPosition.trimHorizon())
                .retrievalConfig(POLLING)
                .processorFactory(processors)
                .meterRegistry(registry)
                .leaseCoordinatorConfig(FAST_COORDINATION.toBuilder().workerId(worker).build())
                .shardSyncInterval(Duration.ofSeconds(10))
                .startupTimeout(Duration.ofSeconds(30)) // the emulators can take seconds to answer on a loaded machine
                .processingThreads(4);
    }

    /** Records {@code from..to-1}: partition key {@code key-(i % 100)}, data {@code key-k#i}. */
    static List<TestRecord> records(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> TestRecord.of("key-" + (i % KEYS), "key-" + (i % KEYS) + "#" + i))
                .toList();
    }

    static ConditionFactory waiting(String what) {
        return await(what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(50));
    }
}
