package io.shardline.testing.sim;

import java.util.List;

/**
 * What one seed did.
 *
 * @param seed             the seed
 * @param virtualNanos     virtual time simulated
 * @param tasks            tasks the virtual scheduler ran
 * @param produced         records put
 * @param delivered        records delivered to processors (with redeliveries)
 * @param duplicates       records delivered again by a later run (never after a clean handoff)
 * @param runs             processor instances created
 * @param overlaps         callbacks begun while their worker held the lease and still running when a new owner began
 *                         one (a callback longer than the fence margin; allowed, counted)
 * @param faults           the fault events, in order, as traced
 * @param traceDigest      a digest of the whole trace: equal for two runs of one seed
 */
public record SimulationResult(long seed, long virtualNanos, long tasks, long produced, long delivered,
        long duplicates, int runs, long overlaps, List<String> faults, long traceDigest) {

    public SimulationResult {
        faults = List.copyOf(faults);
    }
}
