package io.shardline.benchmarks.leasesim;

import io.shardline.benchmarks.Results;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The {@code lease-sim} scenario: W workers x L leases on an in-memory lease table with a virtual clock, for
 * Shardline's protocol and for KCL 2's documented algorithm. Reports convergence after death, graceful shutdown and
 * join, the moves a join costs against the minimum, steady-state writes per second, and the rounds a death costs
 * in a large fleet.
 */
public final class LeaseSimScenario {

    /** Builds a fresh fleet of one system over {@code leases} leases. */
    public interface FleetFactory {
        SimulatedFleet create(int leases, long seed);
    }

    private static final Duration STEP = Duration.ofMillis(50);
    private static final Duration LIMIT = Duration.ofMinutes(30);

    private final Results results;
    private final int trials;

    public LeaseSimScenario(Results results, int trials) {
        this.results = results;
        this.trials = trials;
    }

    public void run(String system, FleetFactory factory) {
        results.record(system, "death_converge_ms", median(trials, seed -> deathConvergeMillis(factory, seed, 4, 100)));
        results.record(system, "shutdown_converge_ms", median(trials, seed -> shutdownConvergeMillis(factory, seed)));
        List<long[]> joins = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            joins.add(joinConverge(factory, 1000L + i));
        }
        long[] times = joins.stream().mapToLong(j -> j[0]).sorted().toArray();
        results.record(system, "join_converge_ms", times[trials / 2]);
        // Moves of the worst trial against the minimum (the same in every trial: same start, same join).
        results.record(system, "join_moves", joins.stream().mapToLong(j -> j[1]).max().orElseThrow());
        results.record(system, "join_min_moves", joins.get(0)[2]);
        double idleWrites = idleWritesPerSecond(factory, 1);
        results.record(system, "idle_writes_per_s", idleWrites);
        // Writes only: the simulation does not count reads.
        results.record(system, "usd_per_month_writes_10x1000",
                io.shardline.benchmarks.cost.LeaseTableCost.usdPerMonth(idleWrites, 0));
        results.record(system, "usd_per_month_writes_100x10000",
                io.shardline.benchmarks.cost.LeaseTableCost.usdPerMonth(idleWritesPerSecond(factory, 1, 100, 10_000), 0));
        results.record(system, "large_death_rounds", largeDeathRounds(factory, 1));
    }

    interface Trial {
        long run(long seed);
    }

    private static long median(int trials, Trial trial) {
        long[] values = new long[trials];
        for (int i = 0; i < trials; i++) {
            values[i] = trial.run(1000L + i);
        }
        Arrays.sort(values);
        return values[trials / 2];
    }

    /** Starts W workers, waits until every lease is owned and balanced, then runs a seed-dependent extra offset. */
    private static SimulatedFleet balancedFleet(FleetFactory factory, long seed, int workers, int leases) {
        SimulatedFleet fleet = factory.create(leases, seed);
        fleet.preassign(workerIds(workers));
        for (int w = 0; w < workers; w++) {
            fleet.addWorker("w" + w);
        }
        List<String> all = workerIds(workers);
        advanceUntil(fleet, f -> isBalanced(f.ownership(), all));
        // Let the fleet settle in steady state, then desynchronise the event from its round phase.
        fleet.advance(Duration.ofSeconds(30).plusMillis(seed * 7919 % 1000));
        return fleet;
    }

    private static long deathConvergeMillis(FleetFactory factory, long seed, int workers, int leases) {
        SimulatedFleet fleet = balancedFleet(factory, seed, workers, leases);
        fleet.killWorker("w0");
        long start = fleet.nowMillis();
        List<String> live = workerIds(workers).subList(1, workers);
        advanceUntil(fleet, f -> allOwnedBy(f.ownership(), live));
        return fleet.nowMillis() - start;
    }

    private static long shutdownConvergeMillis(FleetFactory factory, long seed) {
        SimulatedFleet fleet = balancedFleet(factory, seed, 4, 100);
        fleet.shutdownWorker("w0");
        long start = fleet.nowMillis();
        List<String> live = workerIds(4).subList(1, 4);
        advanceUntil(fleet, f -> allOwnedBy(f.ownership(), live));
        return fleet.nowMillis() - start;
    }

    /** 5th worker joins 4 holding 100 leases: [time to +-1 balance, ownership changes, minimal changes]. */
    private static long[] joinConverge(FleetFactory factory, long seed) {
        SimulatedFleet fleet = balancedFleet(factory, seed, 4, 100);
        Map<String, String> before = new HashMap<>(fleet.ownership());
        fleet.addWorker("w4");
        long start = fleet.nowMillis();
        List<String> all = workerIds(5);
        long moves = 0;
        Map<String, String> last = before;
        while (!isBalanced(fleet.ownership(), all)) {
            step(fleet, start);
            moves += changes(last, fleet.ownership());
            last = new HashMap<>(fleet.ownership());
        }
        long minMoves = minimalMoves(before, all);
        return new long[] {fleet.nowMillis() - start, moves, minMoves};
    }

    private static double idleWritesPerSecond(FleetFactory factory, long seed) {
        return idleWritesPerSecond(factory, seed, 10, 1000);
    }

    private static double idleWritesPerSecond(FleetFactory factory, long seed, int workers, int leases) {
        SimulatedFleet fleet = balancedFleet(factory, seed, workers, leases);
        long writes = fleet.writes();
        Duration window = Duration.ofSeconds(120);
        fleet.advance(window);
        return (fleet.writes() - writes) / (double) window.toSeconds();
    }

    private static long largeDeathRounds(FleetFactory factory, long seed) {
        SimulatedFleet fleet = balancedFleet(factory, seed, 100, 10_000);
        fleet.killWorker("w0");
        List<String> live = workerIds(100).subList(1, 100);
        long start = fleet.nowMillis();
        long roundsAtKill = fleet.rounds();
        // Rounds counted from the first one that could see the death (after the failure detector fired).
        Long roundsAtFirstReassignment = null;
        Map<String, String> last = new HashMap<>(fleet.ownership());
        while (!allOwnedBy(fleet.ownership(), live)) {
            long roundsBefore = fleet.rounds();
            step(fleet, start);
            if (roundsAtFirstReassignment == null && changes(last, fleet.ownership()) > 0) {
                roundsAtFirstReassignment = roundsBefore;
            }
            last = new HashMap<>(fleet.ownership());
        }
        long from = roundsAtFirstReassignment == null ? roundsAtKill : roundsAtFirstReassignment;
        return Math.max(1, fleet.rounds() - from);
    }

    private static void advanceUntil(SimulatedFleet fleet, Predicate<SimulatedFleet> done) {
        long start = fleet.nowMillis();
        while (!done.test(fleet)) {
            step(fleet, start);
        }
    }

    private static void step(SimulatedFleet fleet, long start) {
        if (fleet.nowMillis() - start > LIMIT.toMillis()) {
            throw new IllegalStateException("simulation did not converge within " + LIMIT);
        }
        fleet.advance(STEP);
    }

    static List<String> workerIds(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("w" + i);
        }
        return ids;
    }

    static boolean allOwnedBy(Map<String, String> ownership, List<String> live) {
        return ownership.values().stream().allMatch(o -> o != null && live.contains(o));
    }

    static boolean isBalanced(Map<String, String> ownership, List<String> workers) {
        if (!allOwnedBy(ownership, workers)) {
            return false;
        }
        Map<String, Integer> counts = counts(ownership, workers);
        int min = counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return max - min <= 1;
    }

    private static Map<String, Integer> counts(Map<String, String> ownership, List<String> workers) {
        Map<String, Integer> counts = new HashMap<>();
        workers.forEach(w -> counts.put(w, 0));
        ownership.values().forEach(o -> counts.merge(o, 1, Integer::sum));
        return counts;
    }

    private static long changes(Map<String, String> before, Map<String, String> after) {
        return after.entrySet().stream().filter(e -> !Objects.equals(before.get(e.getKey()), e.getValue())).count();
    }

    /** Minimal moves to reach +-1 balance: the surplus above quota when the ceil quotas go to the fullest workers. */
    static long minimalMoves(Map<String, String> ownership, List<String> workers) {
        int n = ownership.size();
        int w = workers.size();
        List<Integer> held = new ArrayList<>(counts(ownership, workers).values());
        held.sort((a, b) -> b - a);
        long moves = 0;
        for (int i = 0; i < w; i++) {
            int quota = n / w + (i < n % w ? 1 : 0);
            moves += Math.max(0, held.get(i) - quota);
        }
        return moves;
    }
}
