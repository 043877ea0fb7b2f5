package io.shardline.benchmarks.fleet;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.Wait;
import io.shardline.benchmarks.harness.WorkerProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code join}: {@code workers} workers share the stream, balanced; one more worker is launched. Figures:
 * {@code balance_ms} (from the newcomer's READY line, its consumer built and started, to the moment every live worker
 * owns a count within +-1 of the mean, see {@link OwnershipHistory#isBalanced}; it must then stay balanced for
 * {@link #SETTLE}), {@code balance_from_launch_ms} (the same from the launch of its JVM, which on a loaded machine adds
 * seconds of JVM and SDK start-up that are no part of either library), {@code moves}
 * (ownership changes from the launch to the end of that settle window), {@code min_moves} (the fewest that reach
 * balance from the counts before the join), {@code newcomer_shards}, {@code balanced} (1, or 0 when the fleet was not
 * balanced within {@link #LIMIT}: then there is no {@code balance_ms} and moves count up to the limit),
 * {@code duplicates} (deliveries of the moved shards, from the launch on, of
 * records delivered before; counted once each moved shard delivered a record put after the launch).
 */
final class JoinScenario implements FleetScenario {

    /** How long the fleet must stay balanced before the join counts as done, and moves stop being counted. */
    static final Duration SETTLE = Duration.ofSeconds(5);
    /**
     * How long the join may take before the scenario reports it as not balanced (with the moves and the newcomer's
     * share so far): six KCL lease-assignment rounds.
     */
    static final Duration LIMIT = Duration.ofSeconds(120);

    private final int workers;

    JoinScenario(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        this.workers = workers;
    }

    @Override
    public String name() {
        return "join";
    }

    @Override
    public int initialWorkers() {
        return workers;
    }

    @Override
    public void run(Fleet fleet, Results results) {
        fleet.awaitSettled(workers, FleetTimeouts.BALANCE);
        Map<String, String> before = fleet.history().ownersAt(Long.MAX_VALUE);
        long joinedAt = System.currentTimeMillis();
        WorkerProcess newcomer = fleet.launch();
        long[] balancedAt = {-1};
        boolean balanced = Wait.holdsWithin(LIMIT, Fleet.POLL, () -> {
            fleet.checkHealthy();
            OptionalLong since = fleet.history().balancedSince(joinedAt, fleet.liveIds(), fleet.shards());
            balancedAt[0] = since.orElse(-1);
            return since.isPresent() && System.currentTimeMillis() - since.getAsLong() >= SETTLE.toMillis();
        });
        long endedAt = System.currentTimeMillis();
        OwnershipHistory history = fleet.history();
        Map<String, String> after = history.ownersAt(balanced ? balancedAt[0] : endedAt);
        Map<String, String> moved = new HashMap<>();
        before.forEach((shard, owner) -> {
            if (!owner.equals(after.get(shard))) {
                moved.put(shard, owner);
            }
        });
        int duplicates = 0;
        if (!moved.isEmpty()) {
            Takeovers takeovers = new Takeovers(moved, joinedAt);
            fleet.await("the moved shards " + moved.keySet() + " to catch up at their new owners",
                    FleetTimeouts.TAKEOVER, () -> takeovers.caughtUp(fleet.deliveries()));
            duplicates = takeovers.duplicates(fleet.deliveries());
        }
        int moves = history.moves(joinedAt, endedAt);
        long readyAt = fleet.readyAt(newcomer);
        fleet.progress("join: %s launched, READY after %d ms, %s; per worker before %s, after %s; moves %d,"
                + " duplicates %d", newcomer.workerId(), readyAt - joinedAt,
                balanced ? "balanced " + (balancedAt[0] - joinedAt) + " ms after launch"
                        : "NOT balanced +-1 within " + LIMIT.toSeconds() + " s",
                counts(before), counts(after), moves, duplicates);
        String system = fleet.systemName();
        results.record(system, "balanced", balanced ? 1 : 0);
        if (balanced) {
            results.record(system, "balance_ms", Math.max(0, balancedAt[0] - readyAt));
            results.record(system, "balance_from_launch_ms", balancedAt[0] - joinedAt);
        }
        results.record(system, "moves", moves);
        results.record(system, "min_moves", OwnershipHistory.minimumMoves(counts(before), workers + 1,
                fleet.shards()));
        results.record(system, "newcomer_shards", history.shardsOf(newcomer.workerId(), endedAt).size());
        results.record(system, "duplicates", duplicates);
        results.record(system, "shards", fleet.shards());
        results.record(system, "workers", workers + 1);
    }

    private static Map<String, Integer> counts(Map<String, String> owners) {
        Map<String, Integer> counts = new HashMap<>();
        owners.values().forEach(w -> counts.merge(w, 1, Integer::sum));
        return counts;
    }
}
