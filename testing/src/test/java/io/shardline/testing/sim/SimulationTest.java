package io.shardline.testing.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The whole-worker simulation over many seeds (docs/testing.md). {@code -Dshardline.sim.seeds=N} runs N seeds
 * (default 500) from {@code -Dshardline.sim.first} (default 1); {@code -Dshardline.sim.seed=S} replays one seed and
 * prints its result; {@code -Dshardline.sim.harsh=true} uses {@link SimulationConfig#harsh()}. Seeds run on one
 * thread per core; each seed is single-threaded and deterministic on its own.
 */
class SimulationTest {

    /** Seeds that once found a bug (docs/testing.md, "Bugs found"): each must keep passing. */
    private static final long[] REGRESSION_SEEDS = {
        170, // a live leader taken over: observations stamped with the round's start, before a slow heartbeat
        4, // a callback blocked in a slow checkpoint past the fence deadline (nested waits modelled)
    };

    private static Level shardlineLevel;

    @BeforeAll
    static void quiet() {
        Logger shardline = (Logger) LoggerFactory.getLogger("io.shardline");
        shardlineLevel = shardline.getLevel();
        shardline.setLevel(Level.OFF); // faults make the workers log thousands of expected WARN lines
    }

    @AfterAll
    static void restore() {
        ((Logger) LoggerFactory.getLogger("io.shardline")).setLevel(shardlineLevel);
    }

    @Test
    void everySeedHoldsEveryInvariant() throws Exception {
        String one = System.getProperty("shardline.sim.seed");
        if (one != null && !one.isBlank()) {
            SimulationResult result = Simulation.run(Long.parseLong(one.trim()),
                    Boolean.getBoolean("shardline.sim.harsh") ? SimulationConfig.harsh() : SimulationConfig.defaults());
            System.out.println("seed " + one.trim() + " passed: " + result);
            assertThat(result.produced()).isPositive();
            return;
        }
        int seeds = Integer.getInteger("shardline.sim.seeds", 500);
        SimulationConfig config = Boolean.getBoolean("shardline.sim.harsh") ? SimulationConfig.harsh()
                : SimulationConfig.defaults();
        long first = Long.getLong("shardline.sim.first", 1);
        long started = System.nanoTime();
        AtomicLong delivered = new AtomicLong();
        AtomicLong virtualNanos = new AtomicLong();
        Set<String> kinds = Collections.synchronizedSet(new TreeSet<>());
        List<SimulationFailure> failures = Collections.synchronizedList(new ArrayList<>());
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (long s = first; s < first + seeds; s++) {
                long seed = s;
                done.add(pool.submit(() -> {
                    if (failures.size() >= 3) {
                        return; // enough to read; the rest would only repeat
                    }
                    try {
                        SimulationResult result = Simulation.run(seed, config);
                        delivered.addAndGet(result.delivered());
                        virtualNanos.addAndGet(result.virtualNanos());
                        result.faults().forEach(f -> kinds.add(f.split(" ")[1]));
                    } catch (SimulationFailure failure) {
                        failures.add(failure);
                        System.out.println(failure.getMessage());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("simulation: %d seeds in %.1f s on %d threads (%.1f seeds/s, %.2f virtual hours/s), "
                + "%d deliveries, fault kinds %s%n", seeds, seconds, threads, seeds / seconds,
                virtualNanos.get() / 3.6e12 / seconds, delivered.get(), kinds);
        assertThat(failures).as("failing seeds (each message has the line that replays it)")
                .extracting(SimulationFailure::seed).isEmpty();
        assertThat(delivered.get()).isPositive();
        if (seeds >= 200) {
            assertThat(kinds).as("every kind of fault was injected").contains("STORE_ERRORS", "STORE_LATENCY",
                    "LOST_RESPONSES", "THROTTLING", "PAUSE", "CRASH", "SHUTDOWN", "JOIN", "SPLIT", "MERGE",
                    "WALL_CLOCK_JUMP", "PROCESSOR_THROWS", "PROCESSOR_HANGS", "ITERATORS_EXPIRE");
        }
    }

    /** Seeds of {@link SimulationConfig#harsh()} that once found a bug. */
    private static final long[] HARSH_REGRESSION_SEEDS = {
        806, // a child of two quick merges started while a parent had no lease yet (keys out of order)
    };

    @Test
    void regressionSeedsStayFixed() {
        for (long seed : REGRESSION_SEEDS) {
            assertThat(Simulation.run(seed).seed()).isEqualTo(seed);
        }
        for (long seed : HARSH_REGRESSION_SEEDS) {
            assertThat(Simulation.run(seed, SimulationConfig.harsh()).seed()).isEqualTo(seed);
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
    void aLostRecordIsCaughtWithTheLineThatReplaysIt() {
        assertThatThrownBy(() -> Simulation.run(7, SimulationConfig.defaults().withMaxFaults(0).withLoseEveryNth(50)))
                .isInstanceOf(SimulationFailure.class)
                .hasMessageContaining("broke invariant 'no record lost'")
                .hasMessageContaining("-Dshardline.sim.seed=7")
                .hasMessageContaining("steps:");
    }
}
