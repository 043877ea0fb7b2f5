package io.shardline.testing.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The whole-worker simulation over many seeds (docs/testing.md). {@code -Dshardline.sim.seeds=N} runs N seeds
 * (default 500), {@code -Dshardline.sim.seed=S} replays one, {@code -Dshardline.sim.first=F} starts elsewhere.
 */
class SimulationTest {

    /** Seeds that once found a bug (see docs/testing.md): each must keep passing. */
    private static final long[] REGRESSION_SEEDS = {
        170, // a live leader taken over: observations stamped with the round start, before a slow heartbeat
        4, // nested blocking (a callback outliving the fence deadline) modelled
    };

    @Test
    void everySeedHoldsEveryInvariant() {
        String one = System.getProperty("shardline.sim.seed");
        if (one != null && !one.isBlank()) {
            SimulationResult result = Simulation.run(Long.parseLong(one.trim()));
            System.out.println("seed " + one + " passed: " + result);
            return;
        }
        int seeds = Integer.getInteger("shardline.sim.seeds", 500);
        long first = Long.getLong("shardline.sim.first", 1);
        long started = System.nanoTime();
        long delivered = 0;
        long virtualNanos = 0;
        Set<String> kinds = new java.util.TreeSet<>();
        List<SimulationFailure> failures = new ArrayList<>();
        for (long seed = first; seed < first + seeds; seed++) {
            try {
                SimulationResult result = Simulation.run(seed);
                delivered += result.delivered();
                virtualNanos += result.virtualNanos();
                result.faults().forEach(f -> kinds.add(f.split(" ")[1]));
            } catch (SimulationFailure failure) {
                failures.add(failure);
                System.out.println(failure.getMessage());
                if (failures.size() >= 3 || seeds <= 1000) {
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("simulation: %d seeds in %.1f s (%.1f seeds/s, %.2f virtual hours/s), %d deliveries, "
                + "fault kinds seen %s%n", seeds, seconds, seeds / seconds, virtualNanos / 3.6e12 / seconds,
                delivered, kinds);
        assertThat(failures).as("failing seeds (replay each with the line in its message)")
                .extracting(SimulationFailure::seed).isEmpty();
        assertThat(delivered).isPositive();
        if (seeds >= 200) {
            assertThat(kinds).as("every kind of fault was injected").contains("STORE_ERRORS", "STORE_LATENCY",
                    "PAUSE", "CRASH", "SHUTDOWN", "JOIN", "SPLIT", "MERGE", "WALL_CLOCK_JUMP",
                    "PROCESSOR_THROWS", "PROCESSOR_HANGS", "THROTTLING", "LOST_RESPONSES", "ITERATORS_EXPIRE");
        }
    }

    @Test
    void regressionSeedsStayFixed() {
        for (long seed : REGRESSION_SEEDS) {
            Simulation.run(seed);
        }
    }

    @Test
    void oneSeedReplaysTheSameRun() {
        SimulationResult a = Simulation.run(42);
        SimulationResult b = Simulation.run(42);
        assertThat(b).isEqualTo(a);
        assertThat(Simulation.run(43).traceDigest()).isNotEqualTo(a.traceDigest());
    }

    @Test
    void aLostRecordIsCaught() {
        assertThatThrownBy(() -> Simulation.run(7, SimulationConfig.defaults().withMaxFaults(0).withLoseEveryNth(50)))
                .isInstanceOf(SimulationFailure.class)
                .hasMessageContaining("no record lost")
                .hasMessageContaining("-Dshardline.sim.seed=7");
    }
}
