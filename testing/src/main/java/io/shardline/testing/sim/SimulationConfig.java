package io.shardline.testing.sim;

import io.shardline.kcl.ShardRecordProcessorFactory;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The shape of one simulated run (the seed draws everything else: which faults, when, to whom).
 *
 * @param initialWorkers   workers started at the beginning (1-2 s apart)
 * @param initialShards    open shards at the start, hash-key ranges of equal width
 * @param faultPhase       how long records are produced and faults injected
 * @param drainBound       after the last fault ends: the bound within which every record must be delivered and
 *                         every unfinished lease owned by a live worker
 * @param recordsPerSecond records produced per virtual second during the fault phase
 * @param keys             distinct partition keys
 * @param maxFaults        at most this many fault events per run (0: a run without faults)
 * @param maxWorkers       joins and restarts stop at this many live workers
 * @param loseEveryNth     test hook: the processor silently skips every n-th record (0: never); proves that the
 *                         "no record lost" check can fail
 * @param faultKinds       the kinds of fault the seed may draw (default: all)
 * @param application      the application's processors under test: each simulated processor calls one after its
 *                         own bookkeeping (empty: none)
 */
public record SimulationConfig(int initialWorkers, int initialShards, Duration faultPhase, Duration drainBound,
        int recordsPerSecond, int keys, int maxFaults, int maxWorkers, int loseEveryNth, Set<FaultKind> faultKinds,
        Optional<ShardRecordProcessorFactory> application) {

    public SimulationConfig {
        faultKinds = Set.copyOf(Objects.requireNonNull(faultKinds, "faultKinds"));
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(faultPhase, "faultPhase");
        Objects.requireNonNull(drainBound, "drainBound");
        positive("initialWorkers", initialWorkers);
        positive("initialShards", initialShards);
        positive("recordsPerSecond", recordsPerSecond);
        positive("keys", keys);
        if (maxFaults < 0 || loseEveryNth < 0) {
            throw new IllegalArgumentException("SimulationConfig.maxFaults and loseEveryNth must be >= 0, were "
                    + maxFaults + " and " + loseEveryNth);
        }
        if (maxWorkers < initialWorkers) {
            throw new IllegalArgumentException("SimulationConfig.maxWorkers must be >= initialWorkers, was "
                    + maxWorkers);
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("SimulationConfig." + name + " must be > 0, was " + value);
        }
    }

    /** 3 workers, 2 shards, 60 s of records and up to 8 faults, 90 s to drain. */
    public static SimulationConfig defaults() {
        return new SimulationConfig(3, 2, Duration.ofSeconds(60), Duration.ofSeconds(90), 20, 16, 8, 5, 0,
                EnumSet.allOf(FaultKind.class), Optional.empty());
    }

    /**
     * A harsher shape for hunts: 4 workers (at most 6), 4 shards, 90 s of 40 records/s over 32 keys, up to 25 faults
     * (quick successive reshards, overlapping windows).
     */
    public static SimulationConfig harsh() {
        return new SimulationConfig(4, 4, Duration.ofSeconds(90), Duration.ofSeconds(90), 40, 32, 25, 6, 0,
                EnumSet.allOf(FaultKind.class), Optional.empty());
    }

    /** Only these kinds of fault (e.g. {@code SPLIT, GRACEFUL_SHUTDOWN, CRASH_RESTART} to test a processor). */
    public SimulationConfig withFaultKinds(Set<FaultKind> kinds) {
        return new SimulationConfig(initialWorkers, initialShards, faultPhase, drainBound, recordsPerSecond, keys,
                maxFaults, maxWorkers, loseEveryNth, kinds, application);
    }

    /** The application's processors run inside the simulated workers (see docs/testing.md). */
    public SimulationConfig withApplication(ShardRecordProcessorFactory factory) {
        return new SimulationConfig(initialWorkers, initialShards, faultPhase, drainBound, recordsPerSecond, keys,
                maxFaults, maxWorkers, loseEveryNth, faultKinds, Optional.of(factory));
    }

    public SimulationConfig withMaxFaults(int faults) {
        return new SimulationConfig(initialWorkers, initialShards, faultPhase, drainBound, recordsPerSecond, keys,
                faults, maxWorkers, loseEveryNth, faultKinds, application);
    }

    public SimulationConfig withLoseEveryNth(int n) {
        return new SimulationConfig(initialWorkers, initialShards, faultPhase, drainBound, recordsPerSecond, keys,
                maxFaults, maxWorkers, n, faultKinds, application);
    }
}
