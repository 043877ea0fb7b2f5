package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class CountBalancedAssignmentTest {

    private final AssignmentStrategy strategy = AssignmentStrategy.countBalanced();

    // --- examples ------------------------------------------------------------------------------------------------

    @Test
    void joiningMemberReceivesExactlyHalfWithTheFewestMoves() {
        List<CandidateLease> leases = owned("m1", 10);

        AssignmentPlan plan = strategy.plan(new AssignmentInput(List.of("m1", "m2"), leases, Integer.MAX_VALUE));

        assertThat(plan.assignments()).isEmpty();
        assertThat(plan.handoffs()).hasSize(5).allMatch(h -> h.target().equals("m2"));
    }

    @Test
    void everyOrphanOfADeadMemberIsAssignedInOnePlanToTheLeastLoaded() {
        List<CandidateLease> leases = new ArrayList<>();
        leases.addAll(owned("m1", 4));
        leases.addAll(owned("m2", 2));
        leases.addAll(withStatus(owned("dead", 6), OwnerStatus.DEAD));

        AssignmentPlan plan = strategy.plan(new AssignmentInput(List.of("m1", "m2"), leases, Integer.MAX_VALUE));

        assertThat(plan.handoffs()).isEmpty();
        assertThat(plan.assignments()).hasSize(6);
        assertThat(plan.assignments().stream().filter(a -> a.owner().equals("m2")).count()).isEqualTo(4);
    }

    @Test
    void ceilQuotasGoToTheMembersAlreadyHoldingMost() {
        List<CandidateLease> leases = new ArrayList<>();
        leases.addAll(owned("a", 5));
        leases.addAll(owned("b", 3));

        AssignmentPlan plan = strategy.plan(new AssignmentInput(List.of("a", "b", "c"), leases, Integer.MAX_VALUE));

        // n = 8, W = 3: quotas 3, 3, 2; a and b hold most and keep 3 each; c gets 2: two moves, both from a.
        assertThat(plan.handoffs()).hasSize(2)
                .allMatch(h -> h.lease().owner().equals("a") && h.target().equals("c"));
    }

    @Test
    void leaseInFlightCountsForItsTargetAndIsNotMovedAgain() {
        List<CandidateLease> leases = new ArrayList<>(owned("m1", 4));
        leases.set(0, new CandidateLease(leases.get(0).lease().withPendingOwner("m2"), OwnerStatus.LIVE));
        leases.set(1, new CandidateLease(leases.get(1).lease().withPendingOwner("m2"), OwnerStatus.LIVE));

        AssignmentPlan plan = strategy.plan(new AssignmentInput(List.of("m1", "m2"), leases, Integer.MAX_VALUE));

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void handoffToAMemberThatIsGoneIsRetargeted() {
        List<CandidateLease> leases = new ArrayList<>(owned("m1", 4));
        leases.set(0, new CandidateLease(leases.get(0).lease().withPendingOwner("gone"), OwnerStatus.LIVE));

        AssignmentPlan plan = strategy.plan(new AssignmentInput(List.of("m1", "m2"), leases, Integer.MAX_VALUE));

        assertThat(plan.handoffs()).hasSize(2).allMatch(h -> h.target().equals("m2"));
        assertThat(plan.handoffs()).anyMatch(h -> h.lease().leaseKey().equals(leases.get(0).leaseKey()));
    }

    @Test
    void leasesOfLeavingAndLiveForeignOwnersAreNeverTouched() {
        List<CandidateLease> leases = new ArrayList<>();
        leases.addAll(withStatus(owned("leaving", 5), OwnerStatus.LEAVING));
        leases.addAll(withStatus(owned("kcl", 5), OwnerStatus.FOREIGN_LIVE));

        AssignmentPlan plan = strategy.plan(new AssignmentInput(List.of("m1"), leases, Integer.MAX_VALUE));

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void noMembersMeansNoPlan() {
        AssignmentPlan plan = strategy.plan(new AssignmentInput(List.of(), owned(null, 3), Integer.MAX_VALUE));

        assertThat(plan.isEmpty()).isTrue();
    }

    // --- properties ----------------------------------------------------------------------------------------------

    @RepeatedTest(500)
    void randomConfigurationEndsBalancedWithinOneUsingExactlyTheMinimumMoves(RepetitionInfo rep) {
        Random random = new Random(rep.getCurrentRepetition() * 7919L);
        Scenario s = Scenario.random(random, Integer.MAX_VALUE);

        AssignmentPlan plan = strategy.plan(s.input());
        Map<String, Integer> after = s.apply(plan);

        assertThat(after.values().stream().mapToInt(i -> i).max().orElse(0)
                - after.values().stream().mapToInt(i -> i).min().orElse(0)).as("%s", s).isLessThanOrEqualTo(1);
        assertThat(after.values().stream().mapToInt(i -> i).sum()).isEqualTo(s.distributable());
        assertThat(s.balanceMoves(plan)).as("%s", s).isEqualTo(s.minimumMoves());
        s.assertOnlyLegalActions(plan);
    }

    @RepeatedTest(300)
    void randomCappedConfigurationNeverExceedsTheCapAndFillsWhatItCan(RepetitionInfo rep) {
        Random random = new Random(rep.getCurrentRepetition() * 104729L);
        int cap = 1 + random.nextInt(8);
        Scenario s = Scenario.random(random, cap);

        AssignmentPlan plan = strategy.plan(s.input());
        Map<String, Integer> after = s.apply(plan);

        after.forEach((m, count) -> assertThat(count).as("%s %s", m, s)
                .isLessThanOrEqualTo(Math.max(cap, s.before().get(m))));
        if ((long) cap * s.members.size() <= s.distributable()) {
            after.forEach((m, count) -> assertThat(count).as("%s fills up to the cap %s", m, s)
                    .isBetween(cap, Math.max(cap, s.before().get(m))));
        } else {
            assertThat(after.values().stream().mapToInt(i -> i).sum()).isEqualTo(s.distributable());
        }
        s.assertOnlyLegalActions(plan);
    }

    @RepeatedTest(200)
    void smallRandomConfigurationMatchesABruteForceMinimum(RepetitionInfo rep) {
        Random random = new Random(rep.getCurrentRepetition() * 31L);
        Scenario s = Scenario.small(random);

        AssignmentPlan plan = strategy.plan(s.input());

        assertThat(s.balanceMoves(plan)).as("%s", s).isEqualTo(s.bruteForceMinimumMoves());
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static int sequence;

    private static List<CandidateLease> owned(String owner, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> Lease.unowned(String.format("l-%05d", sequence++)).withOwner(owner))
                .map(l -> new CandidateLease(l, owner == null ? OwnerStatus.UNOWNED : OwnerStatus.LIVE))
                .collect(Collectors.toCollection(ArrayList::new));
    }

    private static List<CandidateLease> withStatus(List<CandidateLease> leases, OwnerStatus status) {
        return leases.stream().map(c -> new CandidateLease(c.lease(), status)).toList();
    }

    /** A random cluster state and the independent arithmetic to judge a plan. */
    private record Scenario(List<String> members, List<CandidateLease> leases, int cap) {

        static Scenario random(Random r, int cap) {
            int w = 1 + r.nextInt(8);
            return generate(r, w, r.nextInt(61), cap);
        }

        static Scenario small(Random r) {
            return generate(r, 1 + r.nextInt(3), r.nextInt(8), Integer.MAX_VALUE);
        }

        private static Scenario generate(Random r, int w, int n, int cap) {
            List<String> members = IntStream.range(0, w).mapToObj(i -> "m" + i).toList();
            List<CandidateLease> leases = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Lease l = Lease.unowned(String.format("k-%03d", i));
                int dice = r.nextInt(20);
                String member = members.get(r.nextInt(w));
                if (dice < 12) {
                    leases.add(new CandidateLease(l.withOwner(member), OwnerStatus.LIVE));
                } else if (dice < 13) {
                    leases.add(new CandidateLease(l.withOwner(member).withPendingOwner(members.get(r.nextInt(w))),
                            OwnerStatus.LIVE));
                } else if (dice < 14) {
                    leases.add(new CandidateLease(l.withOwner(member).withPendingOwner("gone"), OwnerStatus.LIVE));
                } else if (dice < 16) {
                    leases.add(new CandidateLease(l, OwnerStatus.UNOWNED));
                } else if (dice < 18) {
                    leases.add(new CandidateLease(l.withOwner("dead"), OwnerStatus.DEAD));
                } else if (dice < 19) {
                    leases.add(new CandidateLease(l.withOwner("leaving"), OwnerStatus.LEAVING));
                } else {
                    leases.add(new CandidateLease(l.withOwner("kcl"), OwnerStatus.FOREIGN_LIVE));
                }
            }
            return new Scenario(members, leases, cap);
        }

        AssignmentInput input() {
            return new AssignmentInput(members, leases, cap);
        }

        /** Leases to spread: everything but pinned (leaving, live foreign) ones. */
        int distributable() {
            return (int) leases.stream().filter(c -> c.ownerStatus() != OwnerStatus.LEAVING
                    && c.ownerStatus() != OwnerStatus.FOREIGN_LIVE).count();
        }

        Map<String, String> holders() {
            Map<String, String> out = new HashMap<>();
            leases.forEach(c -> out.put(c.leaseKey(), input().effectiveHolder(c)));
            return out;
        }

        Map<String, Integer> before() {
            return count(holders());
        }

        Map<String, Integer> apply(AssignmentPlan plan) {
            Map<String, String> h = holders();
            plan.assignments().forEach(a -> h.put(a.lease().leaseKey(), a.owner()));
            plan.handoffs().forEach(x -> h.put(x.lease().leaseKey(), x.target()));
            return count(h);
        }

        private Map<String, Integer> count(Map<String, String> holders) {
            Map<String, Integer> out = new HashMap<>();
            members.forEach(m -> out.put(m, 0));
            holders.values().stream().filter(members::contains).forEach(m -> out.merge(m, 1, Integer::sum));
            return out;
        }

        /** Handoffs of leases a member held (not re-targets of stranded ones, which must move anyway). */
        long balanceMoves(AssignmentPlan plan) {
            Map<String, String> h = holders();
            return plan.handoffs().stream().filter(x -> h.get(x.lease().leaseKey()) != null).count();
        }

        /** sum(max(0, held - quota)) with ceil quotas to the largest holders: computed here independently. */
        long minimumMoves() {
            int n = distributable();
            int w = members.size();
            List<Integer> desc = before().values().stream().sorted(Comparator.reverseOrder()).toList();
            long moves = 0;
            for (int i = 0; i < w; i++) {
                int quota = n / w + (i < n % w ? 1 : 0);
                moves += Math.max(0, desc.get(i) - quota);
            }
            return moves;
        }

        /** Tries every placement of the distributable leases: the fewest held leases moved among balanced ones. */
        long bruteForceMinimumMoves() {
            List<String> keys = leases.stream().filter(c -> c.ownerStatus() != OwnerStatus.LEAVING
                    && c.ownerStatus() != OwnerStatus.FOREIGN_LIVE).map(CandidateLease::leaseKey).toList();
            Map<String, String> h = holders();
            int w = members.size();
            long best = Long.MAX_VALUE;
            int[] choice = new int[keys.size()];
            for (long code = 0; code < Math.pow(w, keys.size()); code++) {
                long c = code;
                int[] counts = new int[w];
                long moves = 0;
                for (int i = 0; i < keys.size(); i++) {
                    choice[i] = (int) (c % w);
                    c /= w;
                    counts[choice[i]]++;
                    String held = h.get(keys.get(i));
                    if (held != null && !held.equals(members.get(choice[i]))) {
                        moves++;
                    }
                }
                int max = IntStream.of(counts).max().orElse(0);
                int min = IntStream.of(counts).min().orElse(0);
                if (max - min <= 1) {
                    best = Math.min(best, moves);
                }
            }
            return best;
        }

        void assertOnlyLegalActions(AssignmentPlan plan) {
            Map<String, OwnerStatus> status = new HashMap<>();
            leases.forEach(c -> status.put(c.leaseKey(), c.ownerStatus()));
            Set<String> touched = new java.util.HashSet<>();
            plan.assignments().forEach(a -> {
                assertThat(status.get(a.lease().leaseKey()).isOrphan()).isTrue();
                assertThat(members).contains(a.owner());
                assertThat(touched.add(a.lease().leaseKey())).isTrue();
            });
            plan.handoffs().forEach(x -> {
                assertThat(status.get(x.lease().leaseKey())).isEqualTo(OwnerStatus.LIVE);
                assertThat(members).contains(x.target());
                assertThat(touched.add(x.lease().leaseKey())).isTrue();
            });
            Map<String, Integer> before = before();
            int n = distributable();
            plan.handoffs().stream().map(x -> holders().get(x.lease().leaseKey())).filter(m -> m != null)
                    .forEach(giver -> assertThat(before.get(giver)).as("sticky: %s gives only above quota", giver)
                            .isGreaterThan(Math.min(cap, n / members.size())));
        }
    }
}
