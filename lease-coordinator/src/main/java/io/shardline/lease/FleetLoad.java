package io.shardline.lease;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The load the leader knows about when it plans (input of a load-aware {@link AssignmentStrategy}).
 *
 * @param reportingMembers members whose reports are current: their report changed within
 *                         {@link LoadReading#staleAfter()}, or the leader has known them for less than that (a new
 *                         member, or a new leader, gets that long before it counts as silent)
 * @param leases           the load of each lease its current holder reported (smoothed); a lease that is absent has
 *                         no rate yet (e.g. it moved since its holder's last two reports)
 * @param settling         leases whose holder took them less than {@link LoadReading#minResidence()} ago: not to be
 *                         moved for load yet
 */
public record FleetLoad(Set<String> reportingMembers, Map<String, LeaseLoad> leases, Set<String> settling) {

    private static final FleetLoad UNKNOWN = new FleetLoad(Set.of(), Map.of(), Set.of());

    /** Checks and copies the components. */
    public FleetLoad {
        reportingMembers = Set.copyOf(Objects.requireNonNull(reportingMembers, "reportingMembers"));
        leases = Map.copyOf(Objects.requireNonNull(leases, "leases"));
        settling = Set.copyOf(Objects.requireNonNull(settling, "settling"));
    }

    /** Without settling leases. */
    public FleetLoad(Set<String> reportingMembers, Map<String, LeaseLoad> leases) {
        this(reportingMembers, leases, Set.of());
    }

    /** Nothing known: what a strategy that reads no load gets. */
    public static FleetLoad unknown() {
        return UNKNOWN;
    }

    /** The load of {@code leaseKey}, if its holder reported a rate for it. */
    public Optional<LeaseLoad> of(String leaseKey) {
        return Optional.ofNullable(leases.get(leaseKey));
    }

    /** True when {@code memberId}'s reports are current. */
    public boolean isReporting(String memberId) {
        return reportingMembers.contains(memberId);
    }
}
