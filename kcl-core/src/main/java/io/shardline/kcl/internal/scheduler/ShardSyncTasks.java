package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.internal.aws.KinesisProxy;
import io.shardline.kcl.internal.aws.StreamRef;
import io.shardline.kcl.internal.consumer.ShardConsumer;
import io.shardline.kcl.internal.multistream.TrackedStreams;
import io.shardline.kcl.retrieval.RetrievalException;
import io.shardline.lease.LeaseCoordinator;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.Time;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's shard sync: the {@link ShardMaintenance} of one stream ({@link ShardSyncer} and
 * {@link LeaseMaintenance}) or of a multi-stream application ({@link MultiStreamMaintenance}), the first sync at
 * {@code start()}, and the periodic tasks on the shard-sync thread: every worker syncs until its first sync succeeded,
 * then the leader only (with the lease cleanup); the leader's hash-key coverage check; the stream tracker's poll
 * (multi-stream). A failed periodic task is logged and tried again at its next run.
 */
final class ShardSyncTasks {

    /** Logs under {@code DefaultScheduler}, as before the split (log filters and docs/multilang.md name it). */
    private static final Logger LOG = LoggerFactory.getLogger(DefaultScheduler.class);

    private final ConsumerConfig config;
    private final String workerId;
    private final LeaseCoordinator coordinator;
    private final ShardMaintenance maintenance;
    /** Multi-stream only (else null). */
    private final MultiStreamMaintenance multiStream;
    private volatile boolean initialSyncDone;

    /**
     * @param leaseStore the lease table as the scheduler sees it (multi-stream: in key space)
     * @param tracked    the tracked streams, or {@code null} for one stream
     * @param consumers  the live consumers (multi-stream: a stream no longer tracked hands its leases back)
     */
    ShardSyncTasks(ConsumerConfig config, String workerId, KinesisProxy kinesis, LeaseStore leaseStore,
            LeaseCoordinator coordinator, TrackedStreams tracked, Supplier<Map<String, ShardConsumer>> consumers,
            Time time) {
        this.config = config;
        this.workerId = workerId;
        this.coordinator = coordinator;
        if (tracked != null) {
            this.multiStream = new MultiStreamMaintenance(tracked, kinesis, leaseStore, coordinator::createLeases,
                    workerId, consumers, time);
            this.maintenance = multiStream;
        } else {
            this.multiStream = null;
            ShardSyncer shardSyncer = new ShardSyncer(kinesis, StreamRef.of(config.stream()), leaseStore,
                    config.initialPosition(), workerId, coordinator::createLeases);
            this.maintenance = ShardMaintenance.single(shardSyncer,
                    new LeaseMaintenance(shardSyncer, leaseStore, workerId));
        }
    }

    /**
     * The first shard sync, at {@code start()}: only a fatal error (missing stream or table, access denied) is thrown;
     * after a retryable one the periodic sync tries again.
     */
    void initialSync() {
        syncShards(true);
    }

    /** Schedules the periodic tasks on {@code syncThread}. */
    void schedule(ScheduledExecutorService syncThread) {
        long interval = config.shardSyncInterval().toMillis();
        syncThread.scheduleWithFixedDelay(this::periodicShardSync, interval, interval, TimeUnit.MILLISECONDS);
        long check = config.leaseCoordinatorConfig().leaseScanInterval().toMillis();
        syncThread.scheduleWithFixedDelay(this::coverageCheck, check, check, TimeUnit.MILLISECONDS);
        if (multiStream != null) {
            long poll = config.streamTracker().pollInterval().toMillis();
            syncThread.scheduleWithFixedDelay(this::pollTracker, poll, poll, TimeUnit.MILLISECONDS);
        }
    }

    /** Every worker until its first sync succeeded; then the leader only, with the lease cleanup. */
    private void periodicShardSync() {
        try {
            if (!initialSyncDone) {
                syncShards(false);
            } else if (coordinator.isLeader()) {
                maintenance.syncAndCleanUp();
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: shard sync of {} failed: {}; next try in {}", workerId, config.stream(), e.toString(),
                    config.shardSyncInterval());
        }
    }

    private void pollTracker() {
        try {
            multiStream.pollTracker();
        } catch (RuntimeException e) {
            LOG.warn("{}: polling the stream tracker failed: {}", workerId, e.toString());
        }
    }

    private void coverageCheck() {
        if (initialSyncDone && coordinator.isLeader()) {
            try {
                maintenance.checkCoverage();
            } catch (RuntimeException e) {
                LOG.warn("{}: hash-key coverage check of {} failed: {}", workerId, config.stream(), e.toString());
            }
        }
    }

    /** One shard sync; at start, only a fatal error (missing stream or table, access denied) is thrown. */
    private void syncShards(boolean atStart) {
        try {
            maintenance.initialSync();
            initialSyncDone = true;
        } catch (RetrievalException | LeaseStoreException e) {
            boolean retryable = e instanceof RetrievalException r ? r.isRetryable()
                    : ((LeaseStoreException) e).isRetryable();
            if (!atStart || !retryable) {
                throw e;
            }
            LOG.warn("{}: shard sync of {} failed: {}; retrying in {}", workerId, config.stream(), e.toString(),
                    config.shardSyncInterval());
        }
    }
}
