package io.shardline.kcl.internal.scheduler;

import io.micrometer.core.instrument.Tags;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.SchedulerMetrics;
import io.shardline.kcl.internal.consumer.ConsumerMetrics;
import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaseCoordinator;
import io.shardline.lease.LeaseCoordinatorMetrics;
import io.shardline.lease.Time;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker reports about itself beyond the consumer meters: the lease coordinator's meters (bound once started)
 * and the status item in the coordination table ({@link StatusPublisher}, every {@code statusInterval} on the
 * shard-sync thread, sampled from the live consumers; removed when the worker leaves gracefully).
 */
final class WorkerStatus {

    /** Logs under {@code DefaultScheduler}, as before the split (log filters and docs/multilang.md name it). */
    private static final Logger LOG = LoggerFactory.getLogger(DefaultScheduler.class);

    private final ConsumerConfig config;
    private final String workerId;
    private final CoordinationStore store;
    private final ConsumerRegistry registry;
    private final ConsumerMetrics metrics;
    private final StatusPublisher publisher;

    WorkerStatus(ConsumerConfig config, String workerId, CoordinationStore store, ConsumerRegistry registry,
            ConsumerMetrics metrics, Time time) {
        this.config = config;
        this.workerId = workerId;
        this.store = store;
        this.registry = registry;
        this.metrics = metrics;
        this.publisher = new StatusPublisher(workerId, store, this::samples, config.statusInterval(),
                time.wallClockSource(), time::nanoTime);
    }

    /** The lease coordinator's meters, tagged with the application. */
    void bindCoordinatorMetrics(LeaseCoordinator coordinator) {
        LeaseCoordinatorMetrics.of(coordinator, Tags.of(SchedulerMetrics.APPLICATION_TAG, config.applicationName()))
                .bindTo(config.meterRegistry());
    }

    /** Publishes the status item now and every {@code statusInterval} on {@code syncThread} (none when zero). */
    void schedule(ScheduledExecutorService syncThread) {
        if (!config.statusInterval().isZero()) {
            long status = config.statusInterval().toMillis();
            syncThread.scheduleWithFixedDelay(publisher::publish, 0, status, TimeUnit.MILLISECONDS);
        }
    }

    /** A worker that left gracefully takes its status item with it (best effort; a leftover one is harmless). */
    void remove() {
        if (config.statusInterval().isZero()) {
            return;
        }
        try {
            store.removeStatus(workerId);
        } catch (RuntimeException e) {
            LOG.warn("{}: removing the status item failed: {}", workerId, e.toString());
        }
    }

    private List<StatusPublisher.Sample> samples() {
        return registry.consumers().values().stream().map(c -> {
            ConsumerMetrics.ShardTotals totals = metrics.processedTotals(c.leaseKey());
            return new StatusPublisher.Sample(c.leaseKey(), c.state().name(), totals.records(), totals.bytes(),
                    c.millisBehindLatest(), c.lastCheckpoint().map(Object::toString).orElse(null));
        }).sorted(Comparator.comparing(StatusPublisher.Sample::leaseKey)).toList();
    }
}
