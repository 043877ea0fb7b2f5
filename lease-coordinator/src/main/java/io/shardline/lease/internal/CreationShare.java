package io.shardline.lease.internal;

import io.shardline.lease.AssignmentInput;
import io.shardline.lease.AssignmentPlan;
import io.shardline.lease.CandidateLease;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.Member;
import io.shardline.lease.OwnerStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the leases a worker is about to create it may own from the start: as many of the eligible new leases as
 * the configured {@code AssignmentStrategy} would leave with this worker, so that creating them owned saves the
 * leader's transfer (one write per lease) without planning a move the leader would undo. Pure.
 *
 * <p>Nothing is owned at creation until this worker's own member item has a heartbeat counter of at least
 * {@link #SETTLED_HEARTBEATS} and is not leaving. The members are the member items read just before (leaving ones
 * excluded): a dead member's item still counts, which only makes the share smaller (the leader assigns the rest). Owners are classified as {@link AssignmentRequests} does (a member owner is live, another owner foreign and
 * live). The strategy plans over the eligible leases with the first {@code k} new ones owned by this worker; {@code k}
 * starts at all of them (at most {@code maxLeasesPerWorker} minus what it holds: a strategy finds no move when no
 * member has room, so the cap is applied here) and drops by the number of moves planned away from this worker until there are none (a few
 * rounds at most; a strategy that never settles gets none). Ineligible new leases (a child waiting on its parents)
 * are created unowned, as before.
 */
final class CreationShare {

    /**
     * This worker's own heartbeat counter must have reached this (one heartbeat interval since it joined) before it
     * owns leases at creation: the same wait as the leader's cold start, so workers started together see one another
     * first instead of the first one creating everything for itself and the leader moving it back.
     */
    static final long SETTLED_HEARTBEATS = 2;

    /** Rounds of re-planning before giving up (count-balanced settles in two). */
    private static final int MAX_ROUNDS = 8;

    private CreationShare() {
    }

    /**
     * @return {@code toCreate} in order, those this worker may own set to it with counter 1
     */
    static List<Lease> withOwners(LeaseCoordinatorConfig config, Collection<Member> members,
            Collection<Lease> existing, List<Lease> toCreate) {
        String me = config.workerId();
        boolean settled = members.stream().anyMatch(m -> m.memberId().equals(me) && !m.leaving()
                && m.heartbeat() >= SETTLED_HEARTBEATS);
        if (toCreate.isEmpty() || !settled) {
            return toCreate;
        }
        Set<String> accepting = new TreeSet<>();
        members.stream().filter(m -> !m.leaving()).forEach(m -> accepting.add(m.memberId()));
        accepting.add(me);
        Map<String, Lease> byKey = new HashMap<>();
        existing.forEach(l -> byKey.put(l.leaseKey(), l));
        toCreate.forEach(l -> byKey.putIfAbsent(l.leaseKey(), l));
        Map<String, Lease> view = Collections.unmodifiableMap(byKey);
        List<CandidateLease> others = new ArrayList<>();
        for (Lease l : existing) {
            if (config.leaseEligibility().isEligible(l, view)) {
                others.add(new CandidateLease(l, classify(l.owner(), accepting)));
            }
        }
        List<Lease> fresh = toCreate.stream().filter(l -> !l.isOwned() && config.leaseEligibility().isEligible(l, view))
                .toList();
        long held = others.stream().filter(c -> c.lease().isOwnedBy(me)).count();
        int k = (int) Math.min(fresh.size(), Math.max(0, config.maxLeasesPerWorker() - held));
        for (int round = 0; round < MAX_ROUNDS && k > 0; round++) {
            int away = movesAwayFrom(me, config, List.copyOf(accepting), others, fresh, k);
            if (away == 0) {
                return assign(toCreate, fresh.subList(0, k), me);
            }
            k = Math.max(0, k - away);
        }
        return toCreate;
    }

    private static int movesAwayFrom(String me, LeaseCoordinatorConfig config, List<String> members,
            List<CandidateLease> others, List<Lease> fresh, int k) {
        List<CandidateLease> leases = new ArrayList<>(others);
        for (int i = 0; i < fresh.size(); i++) {
            leases.add(i < k ? new CandidateLease(owned(fresh.get(i), me), OwnerStatus.LIVE)
                    : new CandidateLease(fresh.get(i), OwnerStatus.UNOWNED));
        }
        AssignmentPlan plan = config.assignmentStrategy()
                .plan(new AssignmentInput(members, leases, config.maxLeasesPerWorker()));
        return (int) plan.handoffs().stream().filter(h -> me.equals(h.lease().owner())).count();
    }

    private static List<Lease> assign(List<Lease> toCreate, List<Lease> mine, String me) {
        Set<String> keys = new HashSet<>();
        mine.forEach(l -> keys.add(l.leaseKey()));
        return toCreate.stream().map(l -> keys.contains(l.leaseKey()) ? owned(l, me) : l).toList();
    }

    private static Lease owned(Lease lease, String me) {
        return lease.withOwner(me).withCounter(1);
    }

    private static OwnerStatus classify(String owner, Set<String> members) {
        if (owner == null || owner.isBlank()) {
            return OwnerStatus.UNOWNED;
        }
        return members.contains(owner) ? OwnerStatus.LIVE : OwnerStatus.FOREIGN_LIVE;
    }
}
