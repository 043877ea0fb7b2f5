package io.shardline.lease.internal;

import io.shardline.lease.AssignmentInput;
import io.shardline.lease.AssignmentPlan;
import io.shardline.lease.CandidateLease;
import io.shardline.lease.Lease;
import io.shardline.lease.OwnerStatus;
import io.shardline.lease.WriteResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases that just became assignable (in kcl-core: the children of a shard whose {@code SHARD_END} was checkpointed),
 * assigned at once by the worker that asks instead of at the leader's next periodic scan. One lease scan; the
 * configured {@code AssignmentStrategy} plans over the eligible leases exactly as the leader would, with owners
 * classified from this worker's own observation of the members (every worker observes every round; a non-member
 * owner counts as live, since only the leader tracks foreign owners). If the strategy would plan no move away from
 * this worker once it held every requested lease, it takes them all (both children of a split stay where the parent
 * and its load were); otherwise only the strategy's assignments of the requested leases are written. Each is a
 * fenced transfer of an unowned lease: one to this worker is adopted at once (no wait for the owner index), one to
 * another member is announced with an inbox bump (it starts in that member's next round). Balancing moves stay with the
 * leader; a leader assigning the same lease concurrently makes one of the two transfers lose the fence, harmlessly.
 * Coordinator thread only.
 */
final class AssignmentRequests {

    private static final Logger LOG = LoggerFactory.getLogger(AssignmentRequests.class);

    private final CoordinatorContext ctx;
    private final MemberObserver observer;
    private final Consumer<Lease> adopt;
    private final Set<String> pending = new TreeSet<>();

    /** @param adopt takes a lease this worker just transferred to itself (emits {@code Acquired}) */
    AssignmentRequests(CoordinatorContext ctx, MemberObserver observer, Consumer<Lease> adopt) {
        this.ctx = ctx;
        this.observer = observer;
        this.adopt = adopt;
    }

    void add(Collection<String> leaseKeys) {
        pending.addAll(leaseKeys);
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    void clear() {
        pending.clear();
    }

    /** Plans and writes the pending requests; on a failed scan they stay pending for the next round. */
    void run() {
        List<Lease> all;
        try {
            all = ctx.leases().list();
            ctx.guard().succeeded("assignment request");
        } catch (RuntimeException e) {
            ctx.guard().failed("assignment request", e);
            return;
        }
        ctx.counters().leaseScans.increment();
        Set<String> requested = Set.copyOf(pending);
        pending.clear();
        AssignmentInput input = input(all);
        Set<String> notify = new TreeSet<>();
        for (AssignmentPlan.Assignment a : plan(input, requested)) {
            assign(a, notify);
        }
        notify.remove(ctx.workerId());
        notify.forEach(this::notifyMember);
    }

    /**
     * The assignments to write: every requested, unowned, eligible lease to this worker when the strategy sees no
     * reason to move anything away from it afterwards (the children of a split stay where their parent was, which
     * is also where the load was); else the strategy's own plan for those leases.
     */
    private List<AssignmentPlan.Assignment> plan(AssignmentInput input, Set<String> requested) {
        List<CandidateLease> wanted = input.leases().stream()
                .filter(c -> requested.contains(c.leaseKey()) && c.ownerStatus() == OwnerStatus.UNOWNED)
                .toList();
        if (wanted.isEmpty() || !input.members().contains(ctx.workerId())) {
            return List.of();
        }
        Set<String> keys = new HashSet<>();
        wanted.forEach(c -> keys.add(c.leaseKey()));
        if (balancedWithAllToMe(input, keys)) {
            return wanted.stream().map(c -> new AssignmentPlan.Assignment(c.lease(), ctx.workerId())).toList();
        }
        return ctx.config().assignmentStrategy().plan(input).assignments().stream()
                .filter(a -> keys.contains(a.lease().leaseKey()) && input.members().contains(a.owner()))
                .toList();
    }

    private boolean balancedWithAllToMe(AssignmentInput input, Set<String> keys) {
        List<CandidateLease> mine = new ArrayList<>();
        for (CandidateLease c : input.leases()) {
            mine.add(keys.contains(c.leaseKey())
                    ? new CandidateLease(c.lease().withOwner(ctx.workerId()), OwnerStatus.LIVE) : c);
        }
        AssignmentPlan after = ctx.config().assignmentStrategy()
                .plan(new AssignmentInput(input.members(), mine, input.maxLeasesPerWorker()));
        return after.handoffs().stream().noneMatch(h -> ctx.workerId().equals(h.lease().owner()));
    }

    private AssignmentInput input(List<Lease> all) {
        Map<String, Lease> byKey = new HashMap<>();
        all.forEach(l -> byKey.put(l.leaseKey(), l));
        Map<String, Lease> view = Collections.unmodifiableMap(byKey);
        List<CandidateLease> candidates = new ArrayList<>();
        for (Lease l : all) {
            if (ctx.config().leaseEligibility().isEligible(l, view)) {
                candidates.add(new CandidateLease(l, classify(l.owner())));
            }
        }
        return new AssignmentInput(observer.acceptingMembers(), candidates, ctx.config().maxLeasesPerWorker());
    }

    private OwnerStatus classify(String owner) {
        if (owner == null || owner.isBlank()) {
            return OwnerStatus.UNOWNED;
        }
        return switch (observer.status(owner)) {
            case LIVE -> OwnerStatus.LIVE;
            case LEAVING -> OwnerStatus.LEAVING;
            case DEAD, DEPARTED -> OwnerStatus.DEAD;
            case UNKNOWN -> OwnerStatus.FOREIGN_LIVE;
        };
    }

    private void assign(AssignmentPlan.Assignment a, Set<String> notify) {
        try {
            WriteResult r = ctx.leases().transfer(a.lease().token(), a.owner());
            ctx.guard().succeeded("assignment request");
            if (r instanceof WriteResult.Ok ok) {
                ctx.counters().orphansAssigned.increment();
                LOG.info("{}: assigned newly assignable lease {} to {}", ctx.workerId(), a.lease().leaseKey(),
                        a.owner());
                if (a.owner().equals(ctx.workerId())) {
                    adopt.accept(ok.lease());
                } else {
                    notify.add(a.owner());
                }
            }
        } catch (RuntimeException e) {
            ctx.guard().failed("assignment request", e); // the leader's next scan assigns it
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
