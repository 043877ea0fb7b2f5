package io.shardline.samples.it;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.testing.LocalAws;
import java.time.Duration;
import org.awaitility.core.ConditionFactory;

/** Settings shared by the samples' emulator suites. */
final class SampleIt {

    /**
     * Short coordination timings (the testing module's consumer suites use the same): 250 ms heartbeats, dead after
     * 1.5 s, leases re-read every second.
     */
    static final LeaseCoordinatorConfig FAST = LeaseCoordinatorConfig.builder()
            .heartbeatInterval(Duration.ofMillis(250))
            .failoverTimeout(Duration.ofMillis(1500))
            .handoffTimeout(Duration.ofSeconds(5))
            .leaseScanInterval(Duration.ofSeconds(1))
            .leaseSyncInterval(Duration.ofSeconds(1))
            .build();

    private SampleIt() {
    }

    /** A scheduler config for {@code worker} of {@code application} on {@code stream}, quick polling. */
    static ConsumerConfig.Builder config(LocalAws aws, String application, String stream, String worker,
            StartingPosition initial, ShardRecordProcessorFactory processors) {
        return ConsumerConfig.builder()
                .applicationName(application)
                .streamName(stream)
                .kinesisClient(aws.kinesisAsyncHttp1())
                .dynamoDbClient(aws.dynamoDbAsync())
                .initialPosition(initial)
                .retrievalConfig(RetrievalConfig.polling().idleInterval(Duration.ofMillis(200))
                        .callsPerSecondPerShard(5).build())
                .processorFactory(processors)
                .meterRegistry(new SimpleMeterRegistry())
                .leaseCoordinatorConfig(FAST.toBuilder().workerId(worker).build())
                .processingThreads(4);
    }

    static ConditionFactory waiting(String what) {
        return await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100));
    }
}
