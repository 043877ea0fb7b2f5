package io.shardline.benchmarks.fleet;

import io.shardline.benchmarks.Results;

/** One of the fleet scenarios ({@code failover}, {@code shutdown}, {@code join}), run on one system's fleet. */
interface FleetScenario {

    /** The scenario's name: the subcommand, the RESULT lines' scenario and the stream's prefix. */
    String name();

    /** Workers launched before the scenario acts. */
    int initialWorkers();

    /** Acts on {@code fleet} (already launched) and records the figures of its system. */
    void run(Fleet fleet, Results results);
}
