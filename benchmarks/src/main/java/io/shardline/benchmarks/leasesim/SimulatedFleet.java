package io.shardline.benchmarks.leasesim;

import java.time.Duration;
import java.util.Map;

/**
 * One lease-balancing algorithm running W simulated workers over L leases on a virtual clock. The scenario runner
 * drives it (join, leave, kill, advance time) and reads ownership and storage cost; nothing here sleeps.
 */
interface SimulatedFleet {

    /**
     * Starts from a table where {@code workers} already hold the leases round-robin (a fleet in steady state), for
     * algorithms whose cold start is not what the scenario measures. Default: nothing (cold start).
     */
    default void preassign(java.util.List<String> workers) {
    }

    /** Adds a worker and lets it start coordinating at the current virtual time. */
    void addWorker(String workerId);

    /** Stops a worker without any goodbye (kill -9): it makes no further calls. */
    void killWorker(String workerId);

    /** Starts a graceful shutdown of a worker; it leaves once its shutdown completes. */
    void shutdownWorker(String workerId);

    /** Runs every worker's scheduled work up to {@code elapsed} more virtual time. */
    void advance(Duration elapsed);

    /** Virtual milliseconds since the simulation started. */
    long nowMillis();

    /** Owner of every lease as stored in the lease table ({@code null} value: unowned). */
    Map<String, String> ownership();

    /** Lease-table and coordination-table writes so far (every conditional write counts, failed or not). */
    long writes();

    /** Read requests so far (a scan page, a query page or a get each count one). */
    long reads();

    /** Coordination rounds of the leader so far (for Shardline) or lease-taker cycles (for KCL). */
    long rounds();
}
