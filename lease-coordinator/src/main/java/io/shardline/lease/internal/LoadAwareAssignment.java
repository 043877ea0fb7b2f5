package io.shardline.lease.internal;

import io.shardline.lease.AssignmentInput;
import io.shardline.lease.AssignmentPlan;
import io.shardline.lease.AssignmentStrategy;
import io.shardline.lease.CandidateLease;
import io.shardline.lease.FleetLoad;
import io.shardline.lease.LoadAwareConfig;
import io.shardline.lease.LoadReading;
import io.shardline.lease.OwnerStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Weighted load balanced with the fewest moves ({@link AssignmentStrategy#loadAware(LoadAwareConfig)}).
 *
 * <p>A member's load is the sum of its leases' weights ({@link LoadAwareConfig#weight()} of the reported
 * {@code LeaseLoad}; a lease without a rate weighs the mean of those with one). One round:
 * <ol>
 *   <li>Fallback: when a member that holds (or is receiving) leases is not reporting, the plan is
 *       {@link CountBalancedAssignment}'s: load data is missing, counts are the best guess. The same when every
 *       known rate is 0 (an idle fleet: spread the leases for when traffic comes).</li>
 *   <li>Orphans, heaviest first, then stranded handoffs, go to the least-loaded member with room
 *       ({@code maxLeasesPerWorker}).</li>
 *   <li>Load moves, only when nothing was placed in step 2, no handoff is in flight and every held lease has a rate
 *       (after a move the new holder needs two reports): up to {@code maxMovesPerRound} times, the most loaded member
 *       that can gain gives the lease (not one still settling: held for less than {@code minResidence}) that lowers {@code max(L_source, L_target)} most to the least-loaded member
 *       with room, if that lowers it by at least {@code improvementMargin x mean} (hysteresis: noise below the margin
 *       moves nothing, and the reverse move never qualifies while loads stay the same).</li>
 * </ol>
 */
public final class LoadAwareAssignment implements AssignmentStrategy {

    private final LoadAwareConfig config;

    public LoadAwareAssignment(LoadAwareConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public Optional<LoadReading> loadReading() {
        return Optional.of(config.reading());
    }

    @Override
    public AssignmentPlan plan(AssignmentInput input) {
        if (input.members().isEmpty()) {
            return AssignmentPlan.empty();
        }
        Map<String, List<CandidateLease>> held = input.leasesByMember();
        FleetLoad load = input.load();
        for (Map.Entry<String, List<CandidateLease>> e : held.entrySet()) {
            if (!e.getValue().isEmpty() && !load.isReporting(e.getKey())) {
                return CountBalancedAssignment.INSTANCE.plan(input);
            }
        }
        Weights weights = new Weights(input, config);
        if (weights.idle()) {
            return CountBalancedAssignment.INSTANCE.plan(input); // every known rate is 0: nothing to weigh
        }
        Members state = new Members(held, weights, input.maxLeasesPerWorker(), load.settling());
        List<AssignmentPlan.Assignment> assignments = new ArrayList<>();
        List<AssignmentPlan.Handoff> handoffs = new ArrayList<>();
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
        Comparator<CandidateLease> heaviestFirst = Comparator.comparingDouble((CandidateLease c) -> -weights.of(c))
                .thenComparing(CandidateLease::leaseKey);
        orphans.sort(heaviestFirst);
        stranded.sort(heaviestFirst);
        for (CandidateLease c : orphans) {
            state.lightest(null).ifPresent(m -> {
                state.add(m, c);
                assignments.add(new AssignmentPlan.Assignment(c.lease(), m));
            });
        }
        for (CandidateLease c : stranded) {
            state.lightest(c.lease().owner()).ifPresent(m -> {
                state.add(m, c);
                handoffs.add(new AssignmentPlan.Handoff(c.lease(), m));
            });
        }
        if (assignments.isEmpty() && handoffs.isEmpty() && settled(held, weights)) {
            rebalance(state, handoffs);
        }
        return new AssignmentPlan(assignments, handoffs);
    }

    /** No handoff in flight and every held lease has a rate: the load figures describe the current placement. */
    private static boolean settled(Map<String, List<CandidateLease>> held, Weights weights) {
        for (List<CandidateLease> leases : held.values()) {
            for (CandidateLease c : leases) {
                if (c.lease().pendingOwner() != null || !weights.isKnown(c)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void rebalance(Members state, List<AssignmentPlan.Handoff> handoffs) {
        for (int moves = 0; moves < config.maxMovesPerRound(); moves++) {
            double mean = state.total() / state.size();
            if (mean <= 0) {
                return;
            }
            double threshold = Math.max(config.improvementMargin() * mean, Double.MIN_NORMAL);
            Move move = state.bestMove(threshold);
            if (move == null) {
                return;
            }
            state.move(move);
            handoffs.add(new AssignmentPlan.Handoff(move.lease().lease(), move.target()));
        }
    }

    /** One lease from {@code source} to {@code target}, lowering the heavier of the two by {@code gain}. */
    private record Move(CandidateLease lease, String source, String target, double gain) {
    }

    /** Each lease's weight: its reported load's, or the mean of the known ones. */
    private static final class Weights {
        private final Map<String, Double> known = new HashMap<>();
        private final double fallback;
        private final double knownSum;

        Weights(AssignmentInput input, LoadAwareConfig config) {
            double sum = 0;
            for (CandidateLease c : input.leases()) {
                var load = input.load().of(c.leaseKey());
                if (load.isPresent()) {
                    double w = config.weight().of(load.get());
                    if (!(w >= 0) || Double.isInfinite(w)) {
                        throw new IllegalStateException("LoadWeight gave " + w + " for lease " + c.leaseKey()
                                + " (" + load.get() + "); it must be finite and >= 0");
                    }
                    known.put(c.leaseKey(), w);
                    sum += w;
                }
            }
            this.fallback = known.isEmpty() ? 1 : sum / known.size();
            this.knownSum = sum;
        }

        /** Rates are known and all 0: an idle fleet. */
        boolean idle() {
            return !known.isEmpty() && knownSum == 0;
        }

        boolean isKnown(CandidateLease c) {
            return known.containsKey(c.leaseKey());
        }

        double of(CandidateLease c) {
            return known.getOrDefault(c.leaseKey(), fallback);
        }
    }

    /** The projected placement: each member's leases, load and room. */
    private static final class Members {
        private final Map<String, List<CandidateLease>> leases = new LinkedHashMap<>();
        private final Map<String, Double> load = new HashMap<>();
        private final Weights weights;
        private final int cap;
        private final Set<String> settling;

        Members(Map<String, List<CandidateLease>> held, Weights weights, int cap, Set<String> settling) {
            this.weights = weights;
            this.cap = cap;
            this.settling = settling;
            held.forEach((m, list) -> {
                leases.put(m, new ArrayList<>(list));
                load.put(m, list.stream().mapToDouble(weights::of).sum());
            });
        }

        int size() {
            return leases.size();
        }

        double total() {
            return load.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** The least-loaded member with room, other than {@code avoid} when another has room. */
        Optional<String> lightest(String avoid) {
            String best = null;
            for (String m : leases.keySet()) {
                if (leases.get(m).size() >= cap) {
                    continue;
                }
                if (best == null || (best.equals(avoid) && !m.equals(avoid))
                        || (m.equals(avoid) == best.equals(avoid) && load.get(m) < load.get(best))) {
                    best = m;
                }
            }
            return Optional.ofNullable(best);
        }

        void add(String member, CandidateLease c) {
            leases.get(member).add(c);
            load.merge(member, weights.of(c), Double::sum);
        }

        void move(Move move) {
            leases.get(move.source()).remove(move.lease());
            load.merge(move.source(), -weights.of(move.lease()), Double::sum);
            add(move.target(), move.lease());
        }

        /** The best qualifying move from the most loaded member that has one, or null. */
        Move bestMove(double threshold) {
            List<String> byLoadDesc = new ArrayList<>(leases.keySet());
            byLoadDesc.sort(Comparator.comparingDouble((String m) -> -load.get(m)));
            for (String source : byLoadDesc) {
                Optional<String> target = lightestExcept(source);
                if (target.isEmpty()) {
                    continue;
                }
                double ls = load.get(source);
                double lt = load.get(target.get());
                Move best = null;
                for (CandidateLease c : leases.get(source)) {
                    if (settling.contains(c.leaseKey())) {
                        continue;
                    }
                    double w = weights.of(c);
                    double gain = ls - Math.max(ls - w, lt + w);
                    if (gain >= threshold && (best == null || gain > best.gain()
                            || (gain == best.gain() && w < weights.of(best.lease())))) {
                        best = new Move(c, source, target.get(), gain);
                    }
                }
                if (best != null) {
                    return best;
                }
            }
            return null;
        }

        private Optional<String> lightestExcept(String source) {
            String best = null;
            for (String m : leases.keySet()) {
                if (!m.equals(source) && leases.get(m).size() < cap
                        && (best == null || load.get(m) < load.get(best))) {
                    best = m;
                }
            }
            return Optional.ofNullable(best);
        }
    }
}
