package io.shardline.benchmarks.sim;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.shardline.benchmarks.Results;
import io.shardline.testing.sim.Simulation;
import io.shardline.testing.sim.SimulationFailure;
import io.shardline.testing.sim.SimulationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code benchmarks/run sim}: how fast the whole-worker simulation (io.shardline.testing.sim) runs seeds: seeds per
 * second and simulated (virtual) hours per second of wall time, on {@code --threads} threads (one seed per thread at
 * a time; each seed is single-threaded).
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Runs the whole-worker deterministic simulation over many seeds; prints seeds/s and virtual hours/s.")
public final class SimCommand implements Callable<Integer> {

    @Option(names = "--seeds", defaultValue = "500", description = "Seeds to run.")
    int seeds;

    @Option(names = "--first", defaultValue = "1", description = "First seed.")
    long first;

    @Option(names = "--threads", defaultValue = "2", description = "Seeds run in parallel.")
    int threads;

    @Override
    public Integer call() throws Exception {
        ((Logger) LoggerFactory.getLogger("io.shardline")).setLevel(Level.OFF); // faults log thousands of WARNs
        // warm-up (JIT), not counted
        for (long s = 0; s < 20; s++) {
            Simulation.run(-1 - s);
        }
        AtomicLong virtualNanos = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (long s = first; s < first + seeds; s++) {
                long seed = s;
                done.add(pool.submit(() -> {
                    try {
                        SimulationResult result = Simulation.run(seed);
                        virtualNanos.addAndGet(result.virtualNanos());
                    } catch (SimulationFailure failure) {
                        failed.incrementAndGet();
                        System.err.println(failure.getMessage());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Results results = new Results("sim", System.out);
        results.record("shardline", "seeds_per_s", seeds / seconds);
        results.record("shardline", "virtual_hours_per_s", virtualNanos.get() / 3.6e12 / seconds);
        results.record("shardline", "failed_seeds", failed.get());
        results.printTable();
        return failed.get() == 0 ? 0 : 1;
    }
}
