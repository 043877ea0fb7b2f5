package io.shardline.lease;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Binds a {@link LeaseCoordinator}'s state and {@link CoordinatorStats} to a Micrometer registry. Every meter is
 * tagged {@code worker=<workerId>}; the names are listed in {@code docs/metrics.md}. Meters read the coordinator's
 * thread-safe snapshots when scraped, so binding costs nothing on the coordinator thread.
 *
 * <pre>{@code
 * LeaseCoordinatorMetrics.of(coordinator).bindTo(registry);
 * }</pre>
 */
public final class LeaseCoordinatorMetrics implements MeterBinder {

    private final LeaseCoordinator coordinator;
    private final Tags tags;

    private LeaseCoordinatorMetrics(LeaseCoordinator coordinator, Iterable<Tag> extraTags) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.tags = Tags.of("worker", coordinator.workerId()).and(extraTags);
    }

    /** The meters of {@code coordinator}, without extra tags; bind them to a registry. */
    public static LeaseCoordinatorMetrics of(LeaseCoordinator coordinator) {
        return new LeaseCoordinatorMetrics(coordinator, Tags.empty());
    }

    /** With extra tags on every meter (for example {@code application=<name>}). */
    public static LeaseCoordinatorMetrics of(LeaseCoordinator coordinator, Iterable<Tag> extraTags) {
        return new LeaseCoordinatorMetrics(coordinator, extraTags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("shardline.leases.owned", coordinator, c -> c.ownedLeases().size())
                .description("Leases this worker holds now").tags(tags).register(registry);
        Gauge.builder("shardline.coordinator.leader", coordinator, c -> c.isLeader() ? 1 : 0)
                .description("1 while this worker holds the leader item").tags(tags).register(registry);
        counter(registry, "shardline.coordinator.rounds", "Heartbeat rounds run", CoordinatorStats::rounds);
        counter(registry, "shardline.coordinator.storage.errors",
                "Lease/coordination store calls that failed (retried next round)", CoordinatorStats::storageErrors);
        counter(registry, "shardline.coordinator.self.fences",
                "Times this worker dropped its leases because it could not heartbeat", CoordinatorStats::selfFences);
        counter(registry, "shardline.coordinator.leader.acquired", "Times this worker became leader",
                CoordinatorStats::leaderAcquired);
        counter(registry, "shardline.lease.acquired", "Leases this worker acquired", CoordinatorStats::leasesAcquired);
        counter(registry, "shardline.lease.lost", "Leases this worker lost or gave up", CoordinatorStats::leasesLost);
        counter(registry, "shardline.lease.takeovers",
                "Orphaned leases (dead or absent owner) this worker assigned as leader",
                CoordinatorStats::orphansAssigned);
        counter(registry, "shardline.lease.handoffs.requested", "Graceful handoffs this worker requested as leader",
                CoordinatorStats::handoffsRequested);
        counter(registry, "shardline.lease.handoffs.completed", "Handoffs this worker completed as owner",
                CoordinatorStats::handoffsCompleted);
        counter(registry, "shardline.lease.handoffs.forced",
                "Handoffs forced after handoffTimeout (by this leader, or at this worker's shutdown)",
                s -> s.handoffsForced() + s.handoffsShutdownForced());
        counter(registry, "shardline.lease.scans", "Full lease-table reads by this worker as leader",
                CoordinatorStats::leaseScans);
    }

    private void counter(MeterRegistry registry, String name, String description,
            ToLongFunction<CoordinatorStats> value) {
        FunctionCounter.builder(name, coordinator, c -> value.applyAsLong(c.stats()))
                .description(description).tags(tags).register(registry);
    }
}
