package io.shardline.lease.internal;

import io.shardline.lease.AssignmentInput;
import io.shardline.lease.AssignmentPlan;
import io.shardline.lease.CandidateLease;
import io.shardline.lease.OwnerStatus;
import io.shardline.lease.WriteResult;
import java.time.Instant;
import io.shardline.lease.Time;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an {@link AssignmentPlan}: a fenced transfer per orphan, a fenced {@code requestHandoff} per move, then one
 * inbox bump per member whose leases changed. Writing stops when the round's time budget (half a heartbeat interval
 * on the monotonic clock) is spent, so a leader assigning thousands of orphans against a slow store keeps
 * heartbeating; the rest is planned again next round. Coordinator thread only.
 */
final class PlanExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);

    /** What executing a plan did. */
    record Outcome(boolean selfAffected, boolean incomplete) {
    }

    private final CoordinatorContext ctx;
    private final HandoffTracker handoffs;
    private final Time time;

    PlanExecutor(CoordinatorContext ctx, HandoffTracker handoffs, Time time) {
        this.ctx = ctx;
        this.handoffs = handoffs;
        this.time = time;
    }

    Outcome execute(AssignmentPlan plan, AssignmentInput input, Instant now) {
        long budgetEnd = time.nanoTime() + ctx.config().heartbeatInterval().dividedBy(2).toNanos();
        Set<String> members = Set.copyOf(input.members());
        Map<String, OwnerStatus> status = new HashMap<>();
        input.leases().forEach(c -> status.put(c.leaseKey(), c.ownerStatus()));
        Set<String> notify = new TreeSet<>();
        boolean incomplete = false;
        for (AssignmentPlan.Assignment a : plan.assignments()) {
            if (time.nanoTime() - budgetEnd > 0) {
                incomplete = true;
                break;
            }
            if (valid(a.lease().leaseKey(), a.owner(), members, status, true)) {
                incomplete |= !assign(a, notify);
            }
        }
        for (AssignmentPlan.Handoff h : plan.handoffs()) {
            if (incomplete || time.nanoTime() - budgetEnd > 0) {
                incomplete = true;
                break;
            }
            if (valid(h.lease().leaseKey(), h.target(), members, status, false)) {
                incomplete |= !requestHandoff(h, notify, now);
            }
        }
        if (!plan.isEmpty()) {
            LOG.info("{}: assignment round: {} orphans assigned, {} handoffs requested{}", ctx.workerId(),
                    plan.assignments().size(), plan.handoffs().size(), incomplete ? " (incomplete)" : "");
        }
        boolean self = notify.remove(ctx.workerId());
        notify.forEach(this::notifyMember);
        return new Outcome(self, incomplete);
    }

    private boolean valid(String key, String target, Set<String> members, Map<String, OwnerStatus> status,
            boolean orphan) {
        OwnerStatus s = status.get(key);
        boolean ok = members.contains(target) && s != null && (orphan ? s.isOrphan() : s == OwnerStatus.LIVE);
        if (!ok) {
            LOG.warn("{}: assignment strategy planned an invalid move of {} ({}) to {}; skipped", ctx.workerId(),
                    key, s, target);
        }
        return ok;
    }

    /** False when the write failed or was fenced (the next round plans again). */
    private boolean assign(AssignmentPlan.Assignment a, Set<String> notify) {
        try {
            WriteResult r = ctx.leases().transfer(a.lease().token(), a.owner());
            ctx.guard().succeeded("assignment");
            if (r.isOk()) {
                ctx.counters().orphansAssigned.increment();
                notify.add(a.owner());
            }
            return r.isOk();
        } catch (RuntimeException e) {
            ctx.guard().failed("assignment", e);
            return false;
        }
    }

    private boolean requestHandoff(AssignmentPlan.Handoff h, Set<String> notify, Instant now) {
        try {
            WriteResult r = ctx.leases().requestHandoff(h.lease().token(), h.target());
            ctx.guard().succeeded("handoff request");
            if (r instanceof WriteResult.Ok ok) {
                ctx.counters().handoffsRequested.increment();
                handoffs.track(ok.lease(), now);
                notify.add(h.lease().owner());
            }
            return r.isOk();
        } catch (RuntimeException e) {
            ctx.guard().failed("handoff request", e);
            return false;
        }
    }

    private void notifyMember(String memberId) {
        try {
            ctx.coordination().notifyMember(memberId);
        } catch (RuntimeException e) {
            ctx.guard().failed("notify member", e); // it still learns at its next periodic sync
        }
    }
}
