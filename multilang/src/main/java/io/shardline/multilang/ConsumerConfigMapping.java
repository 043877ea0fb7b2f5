package io.shardline.multilang;

import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseTableConfig;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Maps a {@link MultiLangConfig} onto Shardline's {@link ConsumerConfig}.
 *
 * <ul>
 *   <li>{@code failoverTimeMillis} F becomes the lease coordinator's {@code failoverTimeout} F with heartbeats every
 *       F/3 (Shardline's default ratio: 1 s heartbeats, 3 s failover); the handoff, scan, sync and foreign-owner
 *       timings keep their defaults unless F needs them longer. Unset: Shardline's defaults (3 s), not KCL's 10 s.</li>
 *   <li>{@code retrievalMode} POLLING (or DEFAULT with a polling property) is polling with {@code maxRecords} per call
 *       and {@code idleTimeBetweenReadsInMillis} between empty reads; FANOUT is enhanced fan-out with a consumer named
 *       after the application, as KCL registers it.</li>
 *   <li>{@code maxActiveThreads} (or, when 0, 64): Shardline's processing threads. Each callback blocks a thread while
 *       its child works, so there should be at least as many threads as shards a daemon may hold.</li>
 * </ul>
 */
public final class ConsumerConfigMapping {

    /** Processing threads when {@code maxActiveThreads} is 0: callbacks only wait on children, so they are cheap. */
    public static final int DEFAULT_PROCESSING_THREADS = 64;

    private ConsumerConfigMapping() {
    }

    /** The scheduler config for a MultiLangDaemon properties file, over the given clients and processor factory. */
    public static ConsumerConfig toConsumerConfig(MultiLangConfig config, KinesisAsyncClient kinesis,
            DynamoDbAsyncClient dynamoDb, ShardRecordProcessorFactory processorFactory) {
        ConsumerConfig.Builder b = ConsumerConfig.builder()
                .applicationName(config.applicationName())
                .kinesisClient(kinesis)
                .dynamoDbClient(dynamoDb)
                .processorFactory(processorFactory)
                .initialPosition(config.initialPosition())
                .retrievalConfig(retrievalConfig(config))
                .leaseCoordinatorConfig(leaseCoordinatorConfig(config))
                .processingThreads(config.maxActiveThreads() > 0 ? config.maxActiveThreads()
                        : DEFAULT_PROCESSING_THREADS);
        if (config.streamArn() != null) {
            b.streamArn(config.streamArn());
        } else {
            b.streamName(config.streamName());
        }
        if (config.tableName() != null) {
            b.leaseTableConfig(LeaseTableConfig.of(config.tableName()));
        }
        if (config.shardSyncInterval() != null) {
            b.shardSyncInterval(config.shardSyncInterval());
        }
        if (config.parentShardPollInterval() != null) {
            b.parentShardPollInterval(config.parentShardPollInterval());
        }
        return b.build();
    }

    static RetrievalConfig retrievalConfig(MultiLangConfig config) {
        if (config.retrievalMode() == MultiLangConfig.RetrievalMode.FANOUT) {
            return RetrievalConfig.fanOut().consumerName(config.applicationName()).build();
        }
        RetrievalConfig.Builder polling = RetrievalConfig.polling();
        if (config.maxRecords() != null) {
            polling.maxRecordsPerCall(Math.min(config.maxRecords(), RetrievalConfig.MAX_RECORDS_PER_CALL_LIMIT));
        }
        if (config.idleTimeBetweenReads() != null) {
            polling.idleInterval(config.idleTimeBetweenReads());
        }
        return polling.build();
    }

    static LeaseCoordinatorConfig leaseCoordinatorConfig(MultiLangConfig config) {
        LeaseCoordinatorConfig defaults = LeaseCoordinatorConfig.builder().workerId("defaults").build();
        LeaseCoordinatorConfig.Builder b = LeaseCoordinatorConfig.builder();
        if (config.workerId() != null) {
            b.workerId(config.workerId());
        }
        if (config.maxLeasesForWorker() != null) {
            b.maxLeasesPerWorker(config.maxLeasesForWorker());
        }
        Duration failover = config.failoverTime();
        if (failover != null) {
            Duration heartbeat = failover.dividedBy(3);
            b.failoverTimeout(failover)
                    .heartbeatInterval(heartbeat)
                    .handoffTimeout(max(defaults.handoffTimeout(), heartbeat.multipliedBy(2)))
                    .leaseScanInterval(max(defaults.leaseScanInterval(), heartbeat))
                    .leaseSyncInterval(max(defaults.leaseSyncInterval(), heartbeat))
                    .foreignOwnerTimeout(max(defaults.foreignOwnerTimeout(), failover));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid value for property failoverTimeMillis: '"
                    + (failover == null ? null : failover.toMillis()) + "' (" + e.getMessage() + ")", e);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
