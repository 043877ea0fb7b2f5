package io.shardline.lease.internal;

import io.shardline.lease.Lease;
import io.shardline.lease.LeaseEvent;
import io.shardline.lease.LossReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns this worker's leases from the store and turns the differences into events: {@code Acquired} for a new
 * lease or a new token, {@code Lost} for a lease gone ({@code TAKEN_OVER} when another owner holds it,
 * {@code DELETED} when the row is gone), {@code HandoffRequested} once per token when a {@code pendingOwner}
 * appears. Reads the owner index ({@code listOwnedBy}); a lease missing from it is confirmed with a consistent get
 * before it counts as lost (the index may lag). Runs when the inbox version changed (and once more the round after,
 * for a lease the lagging index did not show yet), every {@code leaseSyncInterval}, and on request. Coordinator
 * thread only.
 */
final class LeaseSynchronizer {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseSynchronizer.class);

    private final CoordinatorContext ctx;
    private final OwnedLeases owned;
    private final HandoffAnnouncer announcer;
    private long syncedInbox = -1;
    private Instant nextSyncAt = Instant.MIN;
    private boolean requested;
    private boolean failed;
    private boolean followUp;

    /** Announces a handoff that appeared on an owned lease. */
    @FunctionalInterface
    interface HandoffAnnouncer {
        void announce(OwnedLeases.Entry entry, String target);
    }

    LeaseSynchronizer(CoordinatorContext ctx, OwnedLeases owned, HandoffAnnouncer announcer) {
        this.ctx = ctx;
        this.owned = owned;
        this.announcer = announcer;
    }

    /** Asks for a sync at the next opportunity (a fenced checkpoint, a handoff to self). */
    void request() {
        requested = true;
    }

    boolean isRequested() {
        return requested;
    }

    /** Whether a sync is due at {@code now} given the inbox version just returned by the heartbeat. */
    boolean isDue(Instant now, long inboxVersion) {
        return requested || failed || followUp || inboxVersion != syncedInbox || !now.isBefore(nextSyncAt);
    }

    /**
     * Reads this worker's leases and emits the differences. False when a read failed: the sync is then due again
     * next round.
     */
    boolean sync(Instant now, long inboxVersion) {
        requested = false;
        failed = true;
        List<Lease> listed;
        try {
            listed = ctx.leases().listOwnedBy(ctx.workerId());
        } catch (RuntimeException e) {
            ctx.guard().failed("own-lease sync", e);
            return false;
        }
        Map<String, Lease> mine = new HashMap<>();
        listed.stream().filter(l -> l.isOwnedBy(ctx.workerId())).forEach(l -> mine.put(l.leaseKey(), l));
        if (!confirmMissing(mine)) {
            return false;
        }
        ctx.guard().succeeded("own-lease sync");
        int before = owned.size();
        mine.values().stream().sorted((a, b) -> a.leaseKey().compareTo(b.leaseKey())).forEach(this::reconcile);
        // The owner index may lag a moment behind the transfer that bumped the inbox: look once more next round.
        followUp = inboxVersion != syncedInbox;
        syncedInbox = inboxVersion;
        failed = false;
        nextSyncAt = now.plus(ctx.config().leaseSyncInterval());
        if (owned.size() != before) {
            LOG.info("{}: holds {} leases (was {})", ctx.workerId(), owned.size(), before);
        }
        return true;
    }

    /** Leases held locally but absent from the index: a consistent get tells lag from loss. */
    private boolean confirmMissing(Map<String, Lease> mine) {
        List<String> missing = new ArrayList<>();
        owned.keys().forEach(k -> {
            if (!mine.containsKey(k)) {
                missing.add(k);
            }
        });
        for (String key : missing) {
            Optional<Lease> row;
            try {
                row = ctx.leases().get(key);
            } catch (RuntimeException e) {
                ctx.guard().failed("own-lease sync", e);
                return false;
            }
            if (row.isPresent() && row.get().isOwnedBy(ctx.workerId())) {
                mine.put(key, row.get());
            } else {
                owned.remove(key);
                LossReason reason = row.isPresent() ? LossReason.TAKEN_OVER : LossReason.DELETED;
                ctx.events().emit(new LeaseEvent.Lost(key, reason));
            }
        }
        return true;
    }

    /**
     * Takes a lease this worker just transferred to itself (the row as the write returned it): {@code Acquired} at
     * once, without waiting for the owner index to show it.
     */
    void adopt(Lease lease) {
        int before = owned.size();
        reconcile(lease);
        if (owned.size() != before) {
            LOG.info("{}: holds {} leases (was {})", ctx.workerId(), owned.size(), before);
        }
    }

    private void reconcile(Lease lease) {
        OwnedLeases.Entry e = owned.get(lease.leaseKey());
        if (e != null && e.lease().counter() != lease.counter()) {
            owned.remove(lease.leaseKey());
            ctx.events().emit(new LeaseEvent.Lost(lease.leaseKey(), LossReason.TAKEN_OVER));
            e = null;
        }
        if (e == null) {
            e = owned.add(lease);
            ctx.events().emit(new LeaseEvent.Acquired(lease));
        }
        owned.updateLease(lease);
        if (lease.pendingOwner() == null) {
            return;
        }
        if (!e.hold().isHandoffPending()) {
            announcer.announce(e, lease.pendingOwner());
        } else if (e.hold().forceAt() == null) {
            owned.retarget(lease.leaseKey(), lease.pendingOwner()); // the leader re-targeted an in-flight handoff
        }
    }
}
