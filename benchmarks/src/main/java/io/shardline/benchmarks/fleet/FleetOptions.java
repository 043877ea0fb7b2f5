package io.shardline.benchmarks.fleet;

import io.shardline.benchmarks.harness.ConsumerSystem;
import io.shardline.benchmarks.kcl.KclSystem;
import io.shardline.benchmarks.shardline.ShardlineSystem;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every fleet scenario takes (a picocli mixin): which systems, and the producer. */
public final class FleetOptions {

    public FleetOptions() {
    }

    @Option(names = "--system", defaultValue = "all",
            description = "shardline, kcl or all (default: ${DEFAULT-VALUE}).")
    String system;

    @Option(names = "--rate", defaultValue = "40",
            description = "Records per second over all shards, a multiple of 10 (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--keys", defaultValue = "200", description = "Partition keys (default: ${DEFAULT-VALUE}).")
    int keys;

    /** The systems to run, Shardline first. KCL starts on a prefilled lease table (its cold start is not measured). */
    List<ConsumerSystem> systems() {
        if (!List.of("all", "shardline", "kcl").contains(system)) {
            throw new IllegalArgumentException("--system must be shardline, kcl or all, was " + system);
        }
        List<ConsumerSystem> systems = new ArrayList<>();
        if (!system.equals("kcl")) {
            systems.add(new ShardlineSystem());
        }
        if (!system.equals("shardline")) {
            systems.add(new KclSystem(true));
        }
        return systems;
    }

    FleetSettings settings(int shards) {
        return new FleetSettings(shards, rate, keys);
    }
}
