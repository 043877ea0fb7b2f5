package io.shardline.lease.internal;

import io.shardline.lease.LeaseEvent;
import io.shardline.lease.LossReason;
import io.shardline.lease.WriteResult;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side of a handoff: one conditional transfer to the target (counter + 1), then the target's inbox is
 * bumped so it picks the lease up in its next round. A failed call keeps the request and retries next round.
 */
final class HandoffCompleter {

    private static final Logger LOG = LoggerFactory.getLogger(HandoffCompleter.class);

    private final CoordinatorContext ctx;
    private final OwnedLeases owned;
    private final Runnable requestSync;

    HandoffCompleter(CoordinatorContext ctx, OwnedLeases owned, Runnable requestSync) {
        this.ctx = ctx;
        this.owned = owned;
        this.requestSync = requestSync;
    }

    /** Marks the handoff of {@code leaseKey} confirmed and tries to complete it now. */
    void complete(String leaseKey) {
        if (!owned.requestCompletion(leaseKey)) {
            LOG.debug("{}: completeHandoff({}) ignored: no pending handoff", ctx.workerId(), leaseKey);
            return;
        }
        transfer(owned.get(leaseKey));
    }

    /** Retries completions that failed on a store error. */
    void retryRequested() {
        for (OwnedLeases.Entry e : owned.entriesCopy()) {
            if (e.hold() instanceof OwnedLeases.Completing) {
                transfer(e);
            }
        }
    }

    /** Moves shutdown handoffs whose confirmation did not come within {@code handoffTimeout}. */
    void forceExpired(Instant now) {
        for (OwnedLeases.Entry e : owned.entriesCopy()) {
            if (e.hold() instanceof OwnedLeases.HandoffAnnounced a && a.forceAt() != null
                    && !now.isBefore(a.forceAt())) {
                LOG.info("{}: handoff of {} not confirmed within {}, moving it anyway", ctx.workerId(),
                        e.leaseKey(), ctx.config().handoffTimeout());
                ctx.counters().handoffsShutdownForced.increment();
                owned.requestCompletion(e.leaseKey());
                transfer(e);
            }
        }
    }

    private void transfer(OwnedLeases.Entry e) {
        String key = e.leaseKey();
        String target = e.hold().target();
        WriteResult result;
        try {
            result = ctx.leases().transfer(e.token(), target);
            ctx.guard().succeeded("handoff transfer");
        } catch (RuntimeException ex) {
            ctx.guard().failed("handoff transfer", ex);
            return;
        }
        owned.remove(key);
        if (result instanceof WriteResult.Fenced) {
            ctx.events().emit(new LeaseEvent.Lost(key, LossReason.TAKEN_OVER));
            requestSync.run();
            return;
        }
        ctx.counters().handoffsCompleted.increment();
        ctx.events().emit(new LeaseEvent.Lost(key, target == null ? LossReason.RELEASED : LossReason.HANDED_OFF));
        notifyTarget(target);
    }

    private void notifyTarget(String target) {
        if (target == null) {
            return;
        }
        if (target.equals(ctx.workerId())) {
            requestSync.run();
            return;
        }
        try {
            ctx.coordination().notifyMember(target);
        } catch (RuntimeException ex) {
            // The target still finds the lease at its next periodic sync.
            ctx.guard().failed("notify member", ex);
        }
    }
}
