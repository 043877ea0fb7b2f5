package io.shardline.benchmarks.fleet;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.Percentiles;
import io.shardline.benchmarks.harness.WorkerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code failover}: {@value #WORKERS} workers share the stream, balanced; the one owning the most shards is killed
 * with SIGKILL. For each of its shards: milliseconds from just before the kill to the shard's first delivery (any
 * record) at a live worker. Then a fresh worker is started in its place and the next trial waits for balance again.
 * Figures over all shards of all trials: {@code p50_ms}, {@code p95_ms}, {@code max_ms}, {@code samples}.
 */
final class FailoverScenario implements FleetScenario {

    static final int WORKERS = 3;

    private final Trials trialCounts;

    FailoverScenario(Trials trialCounts) {
        this.trialCounts = trialCounts;
    }

    @Override
    public String name() {
        return "failover";
    }

    @Override
    public int initialWorkers() {
        return WORKERS;
    }

    @Override
    public void run(Fleet fleet, Results results) {
        int trials = trialCounts.of(fleet.systemName());
        List<Long> samples = new ArrayList<>();
        for (int trial = 1; trial <= trials; trial++) {
            fleet.awaitSettled(WORKERS, FleetTimeouts.BALANCE);
            WorkerProcess victim = fleet.busiest();
            List<String> shards = fleet.history().shardsOf(victim.workerId(), Long.MAX_VALUE);
            long killedAt = System.currentTimeMillis();
            victim.kill9();
            Takeovers takeovers = Takeovers.leaving(shards, victim.workerId(), killedAt);
            fleet.await("the shards " + shards + " of killed " + victim.workerId() + " to deliver elsewhere",
                    FleetTimeouts.TAKEOVER, () -> takeovers.allBack(fleet.deliveries()));
            Map<String, Long> times = takeovers.millisToFirstDelivery(fleet.deliveries());
            samples.addAll(times.values());
            fleet.progress("failover trial %d/%d: killed %s owning %d shards; ms to first delivery elsewhere: %s",
                    trial, trials, victim.workerId(), shards.size(), times);
            if (trial < trials) {
                fleet.launch();
            }
        }
        Percentiles p = Percentiles.of(samples.stream().mapToLong(Long::longValue).toArray());
        String system = fleet.systemName();
        results.record(system, "p50_ms", p.at(50));
        results.record(system, "p95_ms", p.at(95));
        results.record(system, "max_ms", p.max());
        results.record(system, "samples", p.count());
        results.record(system, "trials", trials);
        results.record(system, "shards", fleet.shards());
    }
}
