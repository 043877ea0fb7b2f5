package io.shardline.lease;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an {@link AssignmentStrategy} plans from.
 *
 * @param members            live members that accept leases (leaving members excluded), sorted
 * @param leases             the eligible leases only ({@link LeaseEligibility} already applied: finished leases and
 *                           leases waiting on their parents are neither assigned nor counted), each with its owner's
 *                           status
 * @param maxLeasesPerWorker the most leases one member may hold ({@link Integer#MAX_VALUE}: unlimited)
 * @param load               what the leader knows of each lease's load ({@link FleetLoad#unknown()} unless the
 *                           strategy asks for it through {@link AssignmentStrategy#loadReading()})
 */
public record AssignmentInput(List<String> members, List<CandidateLease> leases, int maxLeasesPerWorker,
        FleetLoad load) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public AssignmentInput {
        members = List.copyOf(Objects.requireNonNull(members, "members"));
        leases = List.copyOf(Objects.requireNonNull(leases, "leases"));
        Objects.requireNonNull(load, "load");
        if (maxLeasesPerWorker < 1) {
            throw new IllegalArgumentException("maxLeasesPerWorker must be >= 1, was " + maxLeasesPerWorker);
        }
    }

    /** An input without load ({@link FleetLoad#unknown()}). */
    public AssignmentInput(List<String> members, List<CandidateLease> leases, int maxLeasesPerWorker) {
        this(members, leases, maxLeasesPerWorker, FleetLoad.unknown());
    }

    /**
     * The leases each member holds or is receiving, in {@link #members} order: a lease with a pending handoff to a
     * member counts for that member (the move is in flight), any other {@link OwnerStatus#LIVE} lease for its owner.
     */
    public Map<String, List<CandidateLease>> leasesByMember() {
        Map<String, List<CandidateLease>> out = new LinkedHashMap<>();
        members.forEach(m -> out.put(m, new ArrayList<>()));
        for (CandidateLease c : leases) {
            String holder = effectiveHolder(c, out.keySet());
            if (holder != null) {
                out.get(holder).add(c);
            }
        }
        return out;
    }

    /**
     * The member that holds {@code lease} for planning: its pending owner when that is a member (handoff in
     * flight), else its owner when it is {@link OwnerStatus#LIVE}; null for orphans, pinned leases ({@code LEAVING},
     * {@code FOREIGN_LIVE}) and stranded handoffs (live owner, pending owner no longer a member).
     */
    public String effectiveHolder(CandidateLease lease) {
        return effectiveHolder(lease, Set.copyOf(members));
    }

    private static String effectiveHolder(CandidateLease lease, Set<String> members) {
        if (lease.ownerStatus() != OwnerStatus.LIVE) {
            return null;
        }
        String pending = lease.lease().pendingOwner();
        if (pending == null) {
            return members.contains(lease.lease().owner()) ? lease.lease().owner() : null;
        }
        return members.contains(pending) ? pending : null;
    }
}
