package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The load-aware strategy, pure: a fleet is written as {@code "a: k1=100 k2=10 | b: k3=10 | c:"} (member: lease=load
 * in records/s; {@code k?} a lease without a rate; {@code k!} an orphan at {@code "-:"}).
 */
class LoadAwareAssignmentTest {

    private static final AssignmentStrategy STRATEGY = AssignmentStrategy.loadAware(LoadAwareConfig.builder()
            .improvementMargin(0.1).maxMovesPerRound(2).build());

    // --- table: skewed fleets converge, within the move budget, to a balanced state -------------------------------

    static Stream<Arguments> skewed() {
        return Stream.of(
                // 2 hot shards on the first worker after a rolling start (the benchmark's case)
                Arguments.of("a: h1=84 h2=84 | b: c1=22 c2=22 | c: c3=22 c4=22 | d: c5=22 c6=22", 1.25, 4),
                // one worker holds everything, three join
                Arguments.of("a: h1=84 h2=84 c1=22 c2=22 c3=22 c4=22 c5=22 c6=22 | b: | c: | d:", 1.25, 8),
                // Zipf over 8 leases on 4 members: the hottest lease alone is above the mean, max/mean >= its share
                Arguments.of("a: z1=368 z2=184 | b: z3=123 z4=92 | c: z5=74 z6=61 | d: z7=53 z8=46", 1.48, 3),
                // already balanced in load though not in counts: nothing moves
                Arguments.of("a: h1=100 | b: c1=50 c2=50 | c: c3=25 c4=25 c5=25 c6=25", 1.01, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("skewed")
    void skewedLoadConvergesToBalancedWithFewMoves(String fleet, double maxRatio, int maxMoves) {
        Fleet f = Fleet.parse(fleet);

        int moves = f.runRounds(STRATEGY, 20);

        assertThat(f.maxOverMean()).as(f.toString()).isLessThanOrEqualTo(maxRatio);
        assertThat(moves).as(f.toString()).isLessThanOrEqualTo(maxMoves);
        assertThat(f.runRounds(STRATEGY, 5)).as("moves once settled, " + f).isZero();
    }

    @Test
    void hotLeasesEndOnDifferentMembers() {
        Fleet f = Fleet.parse("a: h1=84 h2=84 | b: c1=22 c2=22 | c: c3=22 c4=22 | d: c5=22 c6=22");

        f.runRounds(STRATEGY, 20);

        assertThat(f.holder("h1")).isNotEqualTo(f.holder("h2"));
    }

    // --- hysteresis ---------------------------------------------------------------------------------------------

    @Test
    void imbalanceBelowTheMarginMovesNothing() {
        // mean 100, margin 0.1: the best move (c1=8 from a to d) lowers a by 8 < 10
        Fleet f = Fleet.parse("a: h1=100 c1=8 | b: h2=100 | c: h3=96 | d: h4=96");

        assertThat(STRATEGY.plan(f.input()).isEmpty()).isTrue();
    }

    @Test
    void aMoveIsNeverUndoneWhileLoadsStayTheSame() {
        Fleet f = Fleet.parse("a: x1=60 x2=40 x3=30 | b: y1=10");

        assertThat(f.runRounds(STRATEGY, 1)).isPositive();
        assertThat(f.runRounds(STRATEGY, 10)).isZero();
    }

    @Test
    void noisyLoadsDoNotFlapOnceBalanced() {
        Fleet f = Fleet.parse("a: h1=84 h2=84 c1=22 c2=22 c3=22 c4=22 c5=22 c6=22 | b: | c: | d:");
        f.runRounds(STRATEGY, 20);
        Random random = new Random(42);

        int moves = 0;
        for (int round = 0; round < 200; round++) {
            f.jitter(random, 0.04); // every lease's rate +-4 %: below the 10 % margin
            moves += f.runRounds(STRATEGY, 1);
        }

        assertThat(moves).isZero();
    }

    // --- cap -------------------------------------------------------------------------------------------------------

    @Test
    void movesPerRoundAreCapped() {
        Fleet f = Fleet.parse("a: k1=10 k2=10 k3=10 k4=10 k5=10 k6=10 k7=10 k8=10 | b: | c: | d:");

        AssignmentPlan plan = STRATEGY.plan(f.input());

        assertThat(plan.handoffs()).hasSize(2);
        assertThat(plan.assignments()).isEmpty();
    }

    @Test
    void maxLeasesPerWorkerIsRespected() {
        Fleet f = Fleet.parse("a: k1=100 k2=10 k3=10 | b: k4=1");
        f.cap = 2;

        f.runRounds(STRATEGY, 10);

        assertThat(f.leasesOf("b")).hasSizeLessThanOrEqualTo(2);
    }

    // --- fallback and waiting for data -----------------------------------------------------------------------------

    @Test
    void fallsBackToCountsWhenAHolderDoesNotReport() {
        Fleet f = Fleet.parse("a: h1=84 h2=84 c1=22 c2=22 | b:");
        f.silent.add("a");

        AssignmentPlan plan = STRATEGY.plan(f.input());

        assertThat(plan).isEqualTo(AssignmentStrategy.countBalanced().plan(f.input()));
        assertThat(plan.handoffs()).hasSize(2);
    }

    @Test
    void fallsBackToCountsWithNoLoadAtAll() {
        Fleet f = Fleet.parse("a: k1 k2 k3 k4 | b:");
        AssignmentInput withoutLoad = new AssignmentInput(f.input().members(), f.input().leases(), Integer.MAX_VALUE);

        assertThat(STRATEGY.plan(withoutLoad)).isEqualTo(AssignmentStrategy.countBalanced().plan(withoutLoad));
    }

    @Test
    void anIdleFleetIsBalancedByCounts() {
        Fleet f = Fleet.parse("a: k1=0 k2=0 k3=0 k4=0 | b:");

        assertThat(STRATEGY.plan(f.input())).isEqualTo(AssignmentStrategy.countBalanced().plan(f.input()));
        assertThat(STRATEGY.plan(f.input()).handoffs()).hasSize(2);
    }

    @Test
    void noLoadMoveWhileALeaseHasNoRateYet() {
        Fleet f = Fleet.parse("a: h1=84 h2=84 c1? | b:");

        assertThat(STRATEGY.plan(f.input()).isEmpty()).isTrue();
    }

    @Test
    void aSettlingLeaseIsNotMovedButOthersAre() {
        Fleet f = Fleet.parse("a: h1=84 c1=40 | b: c2=10");
        f.settling.add("c1");

        AssignmentPlan plan = STRATEGY.plan(f.input());

        assertThat(plan.handoffs()).extracting(h -> h.lease().leaseKey()).doesNotContain("c1");
        f.settling.clear();
        assertThat(STRATEGY.plan(f.input()).handoffs()).extracting(h -> h.lease().leaseKey()).contains("c1");
    }

    @Test
    void noLoadMoveWhileAHandoffIsInFlight() {
        Fleet f = Fleet.parse("a: h1=84 h2=84 c1=22 | b: | c:");
        f.pending.put("c1", "b");

        assertThat(STRATEGY.plan(f.input()).isEmpty()).isTrue();
    }

    @Test
    void orphansGoHeaviestFirstToTheLightestMembers() {
        Fleet f = Fleet.parse("a: k1=50 | b: k2=10 | -: o1=45 o2=5");

        AssignmentPlan plan = STRATEGY.plan(f.input());

        assertThat(plan.handoffs()).isEmpty();
        assertThat(plan.assignments()).extracting(a -> a.lease().leaseKey() + "->" + a.owner())
                .containsExactly("o1->b", "o2->a"); // b is at 55 after o1, a at 50
    }

    @Test
    void orphansWithoutRatesWeighTheMeanAndAreStillPlaced() {
        Fleet f = Fleet.parse("a: k1=30 k2=30 | b: k3=10 | -: o1? o2?");

        AssignmentPlan plan = STRATEGY.plan(f.input());

        assertThat(plan.assignments()).hasSize(2).allMatch(a -> a.owner().equals("b"));
    }

    // --- a new worker joins ----------------------------------------------------------------------------------------

    @Test
    void newWorkerTakesLoadFromTheBusiest() {
        Fleet f = Fleet.parse("a: h1=80 c1=20 | b: h2=80 c2=20 | c:");

        f.runRounds(STRATEGY, 10);

        assertThat(f.load("c")).isPositive();
        assertThat(f.maxOverMean()).isLessThanOrEqualTo(1.25);
    }

    @Test
    void newWorkerAlreadyBalancedByLoadGetsNothingWhenNoMoveIsWorthIt() {
        // three leases of 100: one each is the best possible; the fourth member cannot gain anything
        Fleet f = Fleet.parse("a: k1=100 | b: k2=100 | c: k3=100 | d:");

        assertThat(STRATEGY.plan(f.input()).isEmpty()).isTrue();
    }

    @Test
    void configRejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> LoadAwareConfig.builder().maxMovesPerRound(0).build())
                .hasMessageContaining("maxMovesPerRound").hasMessageContaining("0");
        assertThatThrownBy(() -> LoadAwareConfig.builder().improvementMargin(-0.5).build())
                .hasMessageContaining("improvementMargin").hasMessageContaining("-0.5");
        assertThatThrownBy(() -> new LoadReading(java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(5), 1))
                .hasMessageContaining("staleAfter");
        assertThatThrownBy(() -> LoadWeight.linear(0, 0)).hasMessageContaining("perRecord");
        assertThat(AssignmentStrategy.loadAware().loadReading()).isPresent();
        assertThat(AssignmentStrategy.countBalanced().loadReading()).isEmpty();
    }

    /** A mutable fleet: members, who holds what, each lease's rate; applies plans as if handoffs completed. */
    static final class Fleet {
        final Map<String, List<String>> held = new LinkedHashMap<>();
        final Map<String, Double> rates = new HashMap<>();
        final List<String> orphans = new ArrayList<>();
        final Set<String> silent = new java.util.HashSet<>();
        final Map<String, String> pending = new HashMap<>();
        final Set<String> settling = new java.util.HashSet<>();
        int cap = Integer.MAX_VALUE;

        static Fleet parse(String spec) {
            Fleet f = new Fleet();
            for (String part : spec.split("\\|")) {
                String[] memberAndLeases = part.split(":", 2);
                String member = memberAndLeases[0].trim();
                List<String> keys = new ArrayList<>();
                for (String token : memberAndLeases[1].trim().split("\\s+")) {
                    if (token.isEmpty()) {
                        continue;
                    }
                    String key = token.contains("=") ? token.substring(0, token.indexOf('='))
                            : token.replace("?", "");
                    if (token.contains("=")) {
                        f.rates.put(key, Double.parseDouble(token.substring(token.indexOf('=') + 1)));
                    }
                    keys.add(key);
                }
                if (member.equals("-")) {
                    f.orphans.addAll(keys);
                } else {
                    f.held.put(member, keys);
                }
            }
            return f;
        }

        AssignmentInput input() {
            List<CandidateLease> leases = new ArrayList<>();
            held.forEach((m, keys) -> keys.forEach(k -> {
                Lease l = Lease.unowned(k).withOwner(m);
                if (pending.containsKey(k)) {
                    l = l.withPendingOwner(pending.get(k));
                }
                leases.add(new CandidateLease(l, OwnerStatus.LIVE));
            }));
            orphans.forEach(k -> leases.add(new CandidateLease(Lease.unowned(k), OwnerStatus.UNOWNED)));
            Map<String, LeaseLoad> loads = new HashMap<>();
            rates.forEach((k, r) -> loads.put(k, new LeaseLoad(r, r * 100, 0)));
            Set<String> reporting = new java.util.HashSet<>(held.keySet());
            reporting.removeAll(silent);
            return new AssignmentInput(List.copyOf(held.keySet()), leases, cap,
                    new FleetLoad(reporting, loads, settling));
        }

        /** Plans and applies {@code rounds} rounds (each handoff completes before the next); the moves made. */
        int runRounds(AssignmentStrategy strategy, int rounds) {
            int moves = 0;
            for (int i = 0; i < rounds; i++) {
                AssignmentPlan plan = strategy.plan(input());
                for (AssignmentPlan.Assignment a : plan.assignments()) {
                    orphans.remove(a.lease().leaseKey());
                    held.get(a.owner()).add(a.lease().leaseKey());
                }
                for (AssignmentPlan.Handoff h : plan.handoffs()) {
                    held.get(h.lease().owner()).remove(h.lease().leaseKey());
                    held.get(h.target()).add(h.lease().leaseKey());
                    moves++;
                }
            }
            return moves;
        }

        void jitter(Random random, double fraction) {
            rates.replaceAll((k, r) -> r * (1 + (random.nextDouble() * 2 - 1) * fraction));
        }

        double load(String member) {
            return held.get(member).stream().mapToDouble(k -> rates.getOrDefault(k, 0.0)).sum();
        }

        List<String> leasesOf(String member) {
            return held.get(member);
        }

        String holder(String key) {
            return held.entrySet().stream().filter(e -> e.getValue().contains(key)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
        }

        double maxOverMean() {
            double max = held.keySet().stream().mapToDouble(this::load).max().orElse(0);
            double mean = held.keySet().stream().mapToDouble(this::load).sum() / held.size();
            return max / mean;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            held.forEach((m, keys) -> s.append(m).append('=').append(Math.round(load(m))).append(keys).append(' '));
            return s.toString().trim();
        }
    }
}
