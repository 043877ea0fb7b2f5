package io.shardline.lease.internal;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.CoordinatorStats;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseListener;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.PolledLeaseCoordinator;
import io.shardline.lease.Time;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** {@link PolledLeaseCoordinator}: the core, driven by the caller's thread. */
public final class PolledCoordinator implements PolledLeaseCoordinator {

    private final CoordinatorCore core;
    private final LeaseCreator creator;

    public PolledCoordinator(LeaseCoordinatorConfig config, LeaseStore leaseStore,
            CoordinationStore coordinationStore, LeaseListener listener, Time time) {
        this.core = new CoordinatorCore(config, leaseStore, coordinationStore, listener, time);
        this.creator = new LeaseCreator(config, leaseStore, coordinationStore);
    }

    @Override
    public Instant poll(Instant now) {
        return core.poll(now);
    }

    @Override
    public boolean isStopped() {
        return core.isStopped();
    }

    @Override
    public void start() {
        core.start();
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return core.beginShutdown();
    }

    @Override
    public void close() {
        core.close();
    }

    @Override
    public String workerId() {
        return core.workerId();
    }

    @Override
    public Set<LeaseToken> ownedLeases() {
        return Set.copyOf(core.ownedTokens().values());
    }

    @Override
    public Optional<LeaseToken> currentToken(String leaseKey) {
        return Optional.ofNullable(core.ownedTokens().get(leaseKey));
    }

    @Override
    public void completeHandoff(String leaseKey) {
        core.completeHandoff(leaseKey);
    }

    @Override
    public void reportFenced(String leaseKey) {
        core.reportFenced(leaseKey);
    }

    @Override
    public void requestAssignment(Collection<String> leaseKeys) {
        core.requestAssignment(leaseKeys);
    }

    @Override
    public boolean isPastFenceDeadline(long nanoTime) {
        return core.isPastFenceDeadline(nanoTime);
    }

    @Override
    public List<Lease> createLeases(Collection<Lease> existing, List<Lease> toCreate) {
        return creator.create(List.copyOf(existing), List.copyOf(toCreate), core.acceptsLeases(),
                core::requestLeaseSync);
    }

    @Override
    public boolean isLeader() {
        return core.isLeader();
    }

    @Override
    public CoordinatorStats stats() {
        return core.stats();
    }

    @Override
    public String toString() {
        return "PolledLeaseCoordinator{" + core.workerId() + "}";
    }
}
