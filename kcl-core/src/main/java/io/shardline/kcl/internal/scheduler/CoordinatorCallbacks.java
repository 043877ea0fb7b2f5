package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.StreamIdentifier;
import io.shardline.kcl.WorkerEvent;
import io.shardline.kcl.internal.consumer.LeaseCallbacks;
import io.shardline.kcl.internal.multistream.TrackedStreams;
import io.shardline.lease.LeaseCoordinator;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.Time;
import io.shardline.lease.WriteResult;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shard consumers' way back to the lease coordinator: completed handoffs (a lease of a stream no longer tracked is
 * released instead), fenced checkpoints, the self-fence deadline, finished shards; the matching {@link WorkerEvent}s go
 * to the user's listener. Any thread, never blocking.
 */
final class CoordinatorCallbacks implements LeaseCallbacks {

    /** Logs under {@code DefaultScheduler}, as before the split (log filters and docs/multilang.md name it). */
    private static final Logger LOG = LoggerFactory.getLogger(DefaultScheduler.class);

    private final String workerId;
    private final LeaseCoordinator coordinator;
    private final LeaseStore leaseStore;
    /** Multi-stream only (else null). */
    private final TrackedStreams tracked;
    private final WorkerEvents events;
    private final Time time;

    CoordinatorCallbacks(String workerId, LeaseCoordinator coordinator, LeaseStore leaseStore,
            TrackedStreams tracked, WorkerEvents events, Time time) {
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.leaseStore = Objects.requireNonNull(leaseStore, "leaseStore");
        this.tracked = tracked;
        this.events = Objects.requireNonNull(events, "events");
        this.time = Objects.requireNonNull(time, "time");
    }

    @Override
    public void handoffCompleted(String leaseKey) {
        if (tracked != null && StreamIdentifier.ofLeaseKey(leaseKey).isPresent() && !tracked.isTracked(leaseKey)) {
            releaseFormerStreamLease(leaseKey);
            return;
        }
        coordinator.completeHandoff(leaseKey);
    }

    /** A lease of a stream no longer tracked, after its processor checkpointed: released (no owner). */
    private void releaseFormerStreamLease(String leaseKey) {
        Optional<LeaseToken> token = coordinator.currentToken(leaseKey);
        if (token.isEmpty()) {
            return;
        }
        try {
            WriteResult result = leaseStore.transfer(token.get(), null);
            LOG.info("{}: released lease {} of a stream no longer tracked ({})", workerId, leaseKey,
                    result instanceof WriteResult.Ok ? "done" : "it had moved");
        } catch (RuntimeException e) {
            LOG.warn("{}: releasing lease {} of a stream no longer tracked failed: {}", workerId, leaseKey,
                    e.toString());
        }
    }

    @Override
    public void fenced(String leaseKey) {
        coordinator.reportFenced(leaseKey);
        events.publish(new WorkerEvent.Fenced(workerId, leaseKey));
    }

    @Override
    public boolean isPastFenceDeadline() {
        return coordinator.isPastFenceDeadline(time.nanoTime());
    }

    @Override
    public void shardFinished(String leaseKey, Collection<String> childLeaseKeys) {
        events.publish(new WorkerEvent.ShardEnded(workerId, leaseKey));
        if (!childLeaseKeys.isEmpty()) {
            coordinator.requestAssignment(childLeaseKeys);
        }
    }
}
