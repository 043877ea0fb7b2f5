package io.shardline.lease.internal;

import io.shardline.lease.AssignmentInput;
import io.shardline.lease.AssignmentPlan;
import io.shardline.lease.CandidateLease;
import io.shardline.lease.FleetLoad;
import io.shardline.lease.Lease;
import io.shardline.lease.OwnerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's assignment round: reads every lease, classifies each owner ({@link OwnerStatus}; a non-member owner
 * is live while its {@code leaseCounter} keeps changing, for {@code foreignOwnerTimeout}), applies
 * {@code LeaseEligibility}, asks the {@code AssignmentStrategy} for a plan and has it written. Runs on a membership
 * change, when it became leader, after an incomplete or fenced round, and every {@code leaseScanInterval} (sooner
 * when a foreign owner may expire). Also deletes member items dead for longer than
 * {@code failoverTimeout + leaseScanInterval} that own no lease. Coordinator thread only.
 */
final class AssignmentPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(AssignmentPlanner.class);

    /** The owner and counter of a lease held by a non-member: must keep changing. */
    private record ForeignHold(String owner, long counter) {
    }

    private final CoordinatorContext ctx;
    private final MemberObserver observer;
    private final HandoffTracker handoffs;
    private final PlanExecutor executor;
    private final LivenessTracker<String, ForeignHold> foreign;
    private final Set<String> stillRenewingWarned = new HashSet<>();
    private final LoadTracker load;
    private Instant nextScanAt = Instant.MIN;
    private boolean rescan;

    AssignmentPlanner(CoordinatorContext ctx, MemberObserver observer, HandoffTracker handoffs,
            PlanExecutor executor) {
        this.ctx = ctx;
        this.observer = observer;
        this.handoffs = handoffs;
        this.executor = executor;
        this.foreign = new LivenessTracker<>(ctx.config().effectiveForeignOwnerTimeout());
        this.load = ctx.config().assignmentStrategy().loadReading()
                .map(r -> new LoadTracker(r, ctx.coordination()::listStatuses, ctx.workerId())).orElse(null);
        if (ctx.config().foreignFleetStopped()) {
            LOG.warn("{}: foreignFleetStopped is set: a lease of a non-member owner (KCL) is taken once its leaseCounter"
                    + " stood still for {} (foreignOwnerObservation) instead of {}", ctx.workerId(),
                    ctx.config().foreignOwnerObservation(), ctx.config().foreignOwnerTimeout());
        }
    }

    boolean isDue(Instant now, boolean membershipChanged) {
        return membershipChanged || rescan || !now.isBefore(nextScanAt);
    }

    void requestRescan() {
        rescan = true;
    }

    /**
     * Just became leader: plan at once after a takeover (orphans of the dead leader wait for nobody), one round
     * later on a cold start, so members that started together with this one are seen before the orphans are spread.
     */
    void becameLeader(Instant now, boolean coldStart) {
        rescan = false;
        nextScanAt = coldStart ? now.plus(ctx.config().heartbeatInterval()) : now;
    }

    /** Forgets leader-only state (on losing leadership). */
    void reset() {
        foreign.clear();
        if (load != null) {
            load.clear();
        }
        nextScanAt = Instant.MIN;
        rescan = false;
    }

    /**
     * One assignment round at {@code now}.
     *
     * @return true when this worker's own leases changed (it should sync at once)
     */
    boolean round(Instant now) {
        List<Lease> all;
        try {
            all = ctx.leases().list();
            ctx.guard().succeeded("lease scan");
        } catch (RuntimeException e) {
            ctx.guard().failed("lease scan", e);
            rescan = true;
            return false;
        }
        ctx.counters().leaseScans.increment();
        AssignmentInput input = input(all, now);
        AssignmentPlan plan = ctx.config().assignmentStrategy().plan(input);
        handoffs.onScan(all, now);
        PlanExecutor.Outcome outcome = executor.execute(plan, input, now);
        removeLongDeadMembers(all, now);
        rescan = outcome.incomplete();
        Instant foreignExpiry = foreign.nextExpiryAfter(now);
        nextScanAt = now.plus(ctx.config().leaseScanInterval());
        if (foreignExpiry != null && foreignExpiry.isBefore(nextScanAt)) {
            nextScanAt = foreignExpiry;
        }
        return outcome.selfAffected();
    }

    private AssignmentInput input(List<Lease> all, Instant now) {
        Map<String, Lease> byKey = new HashMap<>();
        all.forEach(l -> byKey.put(l.leaseKey(), l));
        Map<String, Lease> view = Collections.unmodifiableMap(byKey);
        List<CandidateLease> candidates = new ArrayList<>();
        Set<String> foreignKeys = new HashSet<>();
        for (Lease l : all) {
            if (!ctx.config().leaseEligibility().isEligible(l, view)) {
                continue;
            }
            candidates.add(new CandidateLease(l, classify(l, now, foreignKeys)));
        }
        foreign.retainAll(foreignKeys);
        List<String> members = observer.acceptingMembers();
        FleetLoad fleetLoad = load == null ? FleetLoad.unknown() : load.load(all, members, now);
        return new AssignmentInput(members, candidates, ctx.config().maxLeasesPerWorker(), fleetLoad);
    }

    private OwnerStatus classify(Lease lease, Instant now, Set<String> foreignKeys) {
        String owner = lease.owner();
        if (owner == null || owner.isBlank()) {
            return OwnerStatus.UNOWNED;
        }
        return switch (observer.status(owner)) {
            case LIVE -> OwnerStatus.LIVE;
            case LEAVING -> OwnerStatus.LEAVING;
            case DEAD, DEPARTED -> OwnerStatus.DEAD;
            case UNKNOWN -> {
                foreignKeys.add(lease.leaseKey());
                boolean seen = foreign.contains(lease.leaseKey());
                boolean moved = foreign.observe(lease.leaseKey(), new ForeignHold(owner, lease.counter()), now);
                if (seen && moved && ctx.config().foreignFleetStopped() && stillRenewingWarned.add(owner)) {
                    LOG.warn("{}: foreignFleetStopped is set, but {} still renews lease {} (leaseCounter {}): its "
                            + "leases are not taken while it renews; stop that worker", ctx.workerId(), owner,
                            lease.leaseKey(), lease.counter());
                }
                yield foreign.isExpired(lease.leaseKey()) ? OwnerStatus.DEAD : OwnerStatus.FOREIGN_LIVE;
            }
        };
    }

    private void removeLongDeadMembers(List<Lease> all, Instant now) {
        Duration grace = ctx.config().failoverTimeout().plus(ctx.config().leaseScanInterval());
        Set<String> owners = new HashSet<>();
        all.forEach(l -> owners.add(l.owner()));
        for (String id : observer.deadFor(grace, now)) {
            if (owners.contains(id) || id.equals(ctx.workerId())) {
                continue;
            }
            try {
                ctx.coordination().removeMember(id);
                LOG.info("{}: removed the member item of {} (dead for over {})", ctx.workerId(), id, grace);
            } catch (RuntimeException e) {
                ctx.guard().failed("member cleanup", e);
            }
        }
    }
}
