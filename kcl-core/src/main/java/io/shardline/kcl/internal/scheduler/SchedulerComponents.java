package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.internal.aws.KinesisProxy;
import io.shardline.kcl.internal.aws.ListShardsRetry;
import io.shardline.kcl.internal.aws.SdkKinesisProxy;
import io.shardline.kcl.internal.deadletter.OutsideRangeDeadLetters;
import io.shardline.kcl.internal.retrieval.DefaultRecordFetcherFactory;
import io.shardline.kcl.retrieval.RecordFetcherFactory;
import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.StoreResilienceConfig;
import java.util.Objects;

/**
 * The stateful collaborators of a scheduler, built from the config by {@link #production} or handed in by tests
 * (in-memory stores, a fake Kinesis). The scheduler owns them: it initializes the stores and closes the fetcher
 * factory.
 *
 * @param leaseStore        the lease table (resilient DynamoDB in production)
 * @param coordinationStore the coordination table
 * @param fetchers          the record fetchers
 * @param kinesis           lists the stream's shards
 * @param startupCheck      what {@code start()} verifies before it creates anything
 */
public record SchedulerComponents(LeaseStore leaseStore, CoordinationStore coordinationStore,
        RecordFetcherFactory fetchers, KinesisProxy kinesis, StartupCheck startupCheck) {

    /** Without a start-up check (tests with in-memory stores and a fake Kinesis). */
    public SchedulerComponents(LeaseStore leaseStore, CoordinationStore coordinationStore,
            RecordFetcherFactory fetchers, KinesisProxy kinesis) {
        this(leaseStore, coordinationStore, fetchers, kinesis, StartupCheck.NONE);
    }

    public SchedulerComponents {
        Objects.requireNonNull(leaseStore, "leaseStore");
        Objects.requireNonNull(coordinationStore, "coordinationStore");
        Objects.requireNonNull(fetchers, "fetchers");
        Objects.requireNonNull(kinesis, "kinesis");
        Objects.requireNonNull(startupCheck, "startupCheck");
    }

    /**
     * The production wiring ({@link DefaultScheduler#create}): resilient DynamoDB stores and fetchers over the
     * config's clients.
     */
    public static SchedulerComponents production(ConsumerConfig config) {
        Objects.requireNonNull(config, "config");
        // every store call's budget (all attempts) fits the coordinator's timings: see docs/architecture.md
        StoreResilienceConfig resilience = config.storeResilienceConfig().fitTo(config.leaseCoordinatorConfig());
        LeaseStore leases = LeaseStore.resilient(
                LeaseStore.dynamoDb(config.dynamoDbClient(), config.leaseTableConfig()), resilience);
        CoordinationStore coordination = CoordinationStore.resilient(
                CoordinationStore.dynamoDb(config.dynamoDbClient(), config.leaseTableConfig()), resilience);
        RecordFetcherFactory fetchers = DefaultRecordFetcherFactory.create(config.kinesisClient(),
                config.retrievalConfig(), config.applicationName(), config.meterRegistry(),
                OutsideRangeDeadLetters.of(config));
        String checked = config.isMultiStream() ? firstFixedStream(config) : config.stream();
        StartupCheck check = checked == null ? StartupCheck.NONE : new AwsStartupCheck(config.kinesisClient(),
                config.dynamoDbClient(), checked, config.leaseTableConfig().tableName());
        return new SchedulerComponents(leases, coordination, fetchers,
                ListShardsRetry.around(new SdkKinesisProxy(config.kinesisClient(), config.retrievalConfig()),
                        config.retrievalConfig()),
                check);
    }

    /** The stream a multi-stream application's start-up check describes: the first of a fixed list, else none. */
    private static String firstFixedStream(ConsumerConfig config) {
        return config.streamTracker().isFixed()
                ? config.streamTracker().streams().iterator().next().stream() : null;
    }
}
