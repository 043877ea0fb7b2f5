package io.shardline.benchmarks.fleet;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.Percentiles;
import io.shardline.benchmarks.harness.WorkerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code shutdown}: {@value #WORKERS} workers share the stream, balanced; the one owning the most shards gets SIGTERM,
 * which runs its system's graceful shutdown. For each of its shards: milliseconds from just before the signal to the
 * shard's first delivery at a peer; duplicates: deliveries of those shards, from the signal on, of a record delivered
 * before (counted once every moved shard has delivered a record put after the signal). A fresh worker replaces it
 * before the next trial. Figures: {@code p50_ms}, {@code p95_ms}, {@code max_ms} over all moved shards of all trials,
 * {@code duplicates} summed over the trials.
 */
final class ShutdownScenario implements FleetScenario {

    static final int WORKERS = 3;

    private final Trials trialCounts;

    ShutdownScenario(Trials trialCounts) {
        this.trialCounts = trialCounts;
    }

    @Override
    public String name() {
        return "shutdown";
    }

    @Override
    public int initialWorkers() {
        return WORKERS;
    }

    @Override
    public void run(Fleet fleet, Results results) {
        int trials = trialCounts.of(fleet.systemName());
        List<Long> samples = new ArrayList<>();
        int duplicates = 0;
        for (int trial = 1; trial <= trials; trial++) {
            fleet.awaitSettled(WORKERS, FleetTimeouts.BALANCE);
            WorkerProcess leaving = fleet.busiest();
            List<String> shards = fleet.history().shardsOf(leaving.workerId(), Long.MAX_VALUE);
            long signalledAt = System.currentTimeMillis();
            leaving.sigterm();
            Takeovers takeovers = Takeovers.leaving(shards, leaving.workerId(), signalledAt);
            fleet.await("the shards " + shards + " of " + leaving.workerId() + " (SIGTERM) to catch up at peers",
                    FleetTimeouts.TAKEOVER, () -> takeovers.caughtUp(fleet.deliveries()));
            Map<String, Long> times = takeovers.millisToFirstDelivery(fleet.deliveries());
            int trialDuplicates = takeovers.duplicates(fleet.deliveries());
            samples.addAll(times.values());
            duplicates += trialDuplicates;
            fleet.progress("shutdown trial %d/%d: SIGTERM to %s owning %d shards; ms to first delivery at a peer: %s;"
                    + " duplicates %d", trial, trials, leaving.workerId(), shards.size(), times, trialDuplicates);
            if (trial < trials) {
                fleet.launch();
            }
        }
        Percentiles p = Percentiles.of(samples.stream().mapToLong(Long::longValue).toArray());
        String system = fleet.systemName();
        results.record(system, "p50_ms", p.at(50));
        results.record(system, "p95_ms", p.at(95));
        results.record(system, "max_ms", p.max());
        results.record(system, "duplicates", duplicates);
        results.record(system, "samples", p.count());
        results.record(system, "trials", trials);
        results.record(system, "shards", fleet.shards());
    }
}
