package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.internal.aws.KinesisProxy;
import io.shardline.kcl.retrieval.RecordFetcherFactory;
import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaseStore;
import java.util.Objects;

/**
 * The stateful collaborators of a scheduler, built from the config by {@link DefaultScheduler#create} or handed in by
 * tests (in-memory stores, a fake Kinesis). The scheduler owns them: it initializes the stores and closes the fetcher
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
}
