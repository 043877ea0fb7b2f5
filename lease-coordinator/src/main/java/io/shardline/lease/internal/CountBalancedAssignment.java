package io.shardline.lease.internal;

import io.shardline.lease.AssignmentInput;
import io.shardline.lease.AssignmentPlan;
import io.shardline.lease.AssignmentStrategy;
import io.shardline.lease.CandidateLease;
import io.shardline.lease.OwnerStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lease counts within ±1 with the fewest moves ({@link AssignmentStrategy#countBalanced()}).
 *
 * <p>With {@code n} leases to place (held + in flight + orphans) on {@code W} members, each member gets a quota of
 * {@code floor(n/W)} or {@code ceil(n/W)}; the {@code n mod W} {@code ceil} quotas go to the members holding the
 * most, which minimises {@code sum(max(0, held - quota))}, the number of moves. With a cap, every quota is
 * {@code min(cap, ...)}. Orphans fill the deficits first (least-loaded first), then stranded handoffs, then the
 * surplus of members above quota. Nothing else moves.
 */
public final class CountBalancedAssignment implements AssignmentStrategy {

    public static final CountBalancedAssignment INSTANCE = new CountBalancedAssignment();

    private CountBalancedAssignment() {
    }

    @Override
    public AssignmentPlan plan(AssignmentInput input) {
        List<String> members = input.members();
        if (members.isEmpty()) {
            return AssignmentPlan.empty();
        }
        Map<String, List<CandidateLease>> held = input.leasesByMember();
        Set<String> heldKeys = new HashSet<>();
        held.values().forEach(list -> list.forEach(c -> heldKeys.add(c.leaseKey())));
        List<CandidateLease> orphans = new ArrayList<>();
        List<CandidateLease> stranded = new ArrayList<>();
        for (CandidateLease c : input.leases()) {
            if (c.ownerStatus().isOrphan()) {
                orphans.add(c);
            } else if (c.ownerStatus() == OwnerStatus.LIVE && !heldKeys.contains(c.leaseKey())) {
                stranded.add(c);
            }
        }
        long n = orphans.size() + stranded.size() + held.values().stream().mapToLong(List::size).sum();
        Map<String, Integer> quotas = quotas(held, n, input.maxLeasesPerWorker());
        Placement placement = new Placement(held, quotas);
        List<AssignmentPlan.Assignment> assignments = new ArrayList<>();
        List<AssignmentPlan.Handoff> handoffs = new ArrayList<>();
        for (CandidateLease c : orphans) {
            placement.take(null).ifPresent(m -> assignments.add(new AssignmentPlan.Assignment(c.lease(), m)));
        }
        for (CandidateLease c : stranded) {
            placement.take(c.lease().owner()).ifPresent(m -> handoffs.add(new AssignmentPlan.Handoff(c.lease(), m)));
        }
        for (CandidateLease c : surplus(held, quotas)) {
            placement.take(null).ifPresent(m -> handoffs.add(new AssignmentPlan.Handoff(c.lease(), m)));
        }
        return new AssignmentPlan(assignments, handoffs);
    }

    /**
     * Quotas per member: {@code floor(n/W)} or {@code ceil(n/W)}, the ceil ones to the members holding most (ties by
     * member order), every one capped.
     */
    static Map<String, Integer> quotas(Map<String, List<CandidateLease>> held, long n, int cap) {
        int w = held.size();
        Map<String, Integer> quotas = new HashMap<>();
        if ((long) cap * w <= n) {
            held.keySet().forEach(m -> quotas.put(m, cap));
            return quotas;
        }
        int base = (int) (n / w);
        int extra = (int) (n % w);
        List<String> byHeldDesc = new ArrayList<>(held.keySet());
        byHeldDesc.sort(Comparator.comparingInt((String m) -> held.get(m).size()).reversed());
        for (int i = 0; i < byHeldDesc.size(); i++) {
            quotas.put(byHeldDesc.get(i), i < extra ? base + 1 : base);
        }
        return quotas;
    }

    /** The leases each member holds above its quota; those owned outright move before those still in flight. */
    private static List<CandidateLease> surplus(Map<String, List<CandidateLease>> held, Map<String, Integer> quotas) {
        List<CandidateLease> out = new ArrayList<>();
        held.forEach((m, leases) -> {
            int extra = leases.size() - quotas.get(m);
            if (extra > 0) {
                List<CandidateLease> sorted = new ArrayList<>(leases);
                sorted.sort(Comparator.comparing((CandidateLease c) -> c.lease().pendingOwner() == null)
                        .thenComparing(CandidateLease::leaseKey));
                out.addAll(sorted.subList(sorted.size() - extra, sorted.size()));
            }
        });
        return out;
    }

    /** Remaining room per member and its projected load. */
    private static final class Placement {
        private final Map<String, Integer> load = new LinkedHashMap<>();
        private final Map<String, Integer> room = new HashMap<>();

        Placement(Map<String, List<CandidateLease>> held, Map<String, Integer> quotas) {
            held.forEach((m, leases) -> {
                load.put(m, leases.size());
                room.put(m, Math.max(0, quotas.get(m) - leases.size()));
            });
        }

        /** The least-loaded member with room (avoiding {@code avoid} when another has room), counted as placed. */
        Optional<String> take(String avoid) {
            String best = null;
            for (String m : load.keySet()) {
                if (room.get(m) > 0 && (best == null || better(m, best, avoid))) {
                    best = m;
                }
            }
            if (best != null) {
                room.merge(best, -1, Integer::sum);
                load.merge(best, 1, Integer::sum);
            }
            return Optional.ofNullable(best);
        }

        private boolean better(String m, String best, String avoid) {
            if (best.equals(avoid) != m.equals(avoid)) {
                return best.equals(avoid);
            }
            return load.get(m) < load.get(best);
        }
    }
}
