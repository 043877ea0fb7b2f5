package io.shardline.lease.internal;

import io.shardline.lease.Lease;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.WriteResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of graceful handoffs: when each pending handoff must be forced. A handoff this leader
 * requested, or one it finds in a scan (requested by a previous leader), is forced {@code handoffTimeout} after it
 * was first seen: one consistent get, then a transfer to the pending owner fenced on the token the owner held. The
 * old owner's checkpoints are fenced from then on. Coordinator thread only.
 */
final class HandoffTracker {

    private static final Logger LOG = LoggerFactory.getLogger(HandoffTracker.class);

    private record Pending(LeaseToken token, Instant forceAt) {
    }

    private final CoordinatorContext ctx;
    private final MemberObserver observer;
    private final Map<String, Pending> pending = new HashMap<>();
    private boolean rescanWanted;

    HandoffTracker(CoordinatorContext ctx, MemberObserver observer) {
        this.ctx = ctx;
        this.observer = observer;
    }

    /** This leader marked {@code lease} ({@code requestHandoff} succeeded) at {@code now}. */
    void track(Lease lease, Instant now) {
        pending.put(lease.leaseKey(), new Pending(lease.token(), now.plus(ctx.config().handoffTimeout())));
    }

    /** Brings the tracked set in line with a full scan taken at {@code now}. */
    void onScan(List<Lease> all, Instant now) {
        Set<String> stillPending = new HashSet<>();
        for (Lease l : all) {
            if (l.pendingOwner() == null || l.owner() == null) {
                continue;
            }
            stillPending.add(l.leaseKey());
            Pending p = pending.get(l.leaseKey());
            if (p == null || !p.token().equals(l.token())) {
                track(l, now);
            }
        }
        pending.keySet().retainAll(stillPending);
    }

    /**
     * Forces every handoff whose time is up.
     *
     * @return true when a forced move concerned this worker (as old or new owner)
     */
    boolean forceDue(Instant now) {
        boolean self = false;
        for (Map.Entry<String, Pending> e : Map.copyOf(pending).entrySet()) {
            if (!now.isBefore(e.getValue().forceAt())) {
                self |= force(e.getKey(), e.getValue(), now);
            }
        }
        return self;
    }

    /** The next instant a tracked handoff must be forced, or null. */
    Instant nextDeadline() {
        return pending.values().stream().map(Pending::forceAt).min(Instant::compareTo).orElse(null);
    }

    /** Whether a forced move found a stale mark the planner should redo (pending owner gone). Resets the flag. */
    boolean takeRescanWanted() {
        boolean wanted = rescanWanted;
        rescanWanted = false;
        return wanted;
    }

    void clear() {
        pending.clear();
    }

    private boolean force(String key, Pending p, Instant now) {
        Optional<Lease> row;
        try {
            row = ctx.leases().get(key);
        } catch (RuntimeException ex) {
            ctx.guard().failed("forced handoff", ex);
            pending.put(key, new Pending(p.token(), now.plus(ctx.config().heartbeatInterval())));
            return false;
        }
        Lease lease = row.orElse(null);
        if (lease == null || !lease.token().equals(p.token()) || lease.pendingOwner() == null) {
            pending.remove(key); // completed, moved or cancelled meanwhile
            return false;
        }
        String target = lease.pendingOwner();
        if (observer.status(target) != MemberObserver.Status.LIVE) {
            pending.remove(key);
            rescanWanted = true; // the planner re-targets a handoff to a member that is gone
            return false;
        }
        return transfer(lease, target, p, now);
    }

    private boolean transfer(Lease lease, String target, Pending p, Instant now) {
        String key = lease.leaseKey();
        WriteResult result;
        try {
            result = ctx.leases().transfer(p.token(), target);
            ctx.guard().succeeded("forced handoff");
        } catch (RuntimeException ex) {
            ctx.guard().failed("forced handoff", ex);
            pending.put(key, new Pending(p.token(), now.plus(ctx.config().heartbeatInterval())));
            return false;
        }
        pending.remove(key);
        if (!result.isOk()) {
            return false;
        }
        ctx.counters().handoffsForced.increment();
        LOG.info("{}: forced handoff of {} from {} to {} after {}", ctx.workerId(), key, lease.owner(), target,
                ctx.config().handoffTimeout());
        return notifyMember(target) | notifyMember(lease.owner());
    }

    /** Bumps the member's inbox; returns true instead when the member is this worker. */
    private boolean notifyMember(String memberId) {
        if (memberId.equals(ctx.workerId())) {
            return true;
        }
        try {
            ctx.coordination().notifyMember(memberId);
        } catch (RuntimeException ex) {
            ctx.guard().failed("notify member", ex);
        }
        return false;
    }
}
