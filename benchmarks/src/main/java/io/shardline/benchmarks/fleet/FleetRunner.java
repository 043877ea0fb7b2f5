package io.shardline.benchmarks.fleet;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.ConsumerSystem;
import io.shardline.benchmarks.harness.RunDirectory;
import io.shardline.testing.LocalAws;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a fleet scenario for each system in turn on the same emulators (one {@link LocalAws} for the run, a fresh
 * stream per system), then prints the table. A system that fails is reported and the next one still runs.
 */
final class FleetRunner {

    private static final Logger log = LoggerFactory.getLogger(FleetRunner.class);

    private FleetRunner() {
    }

    /** @return the exit code: 0 when every system completed the scenario */
    static int run(FleetScenario scenario, List<ConsumerSystem> systems, FleetSettings settings) {
        Results results = new Results(scenario.name(), System.out);
        Path logDir = RunDirectory.create(scenario.name());
        int failures = 0;
        try (LocalAws aws = LocalAws.start()) {
            for (ConsumerSystem system : systems) {
                long started = System.nanoTime();
                try (Fleet fleet = Fleet.start(aws, system, settings, scenario.name(), scenario.initialWorkers(),
                        logDir)) {
                    scenario.run(fleet, results);
                } catch (RuntimeException e) {
                    failures++;
                    log.error("{} {} failed (worker logs in {}): {}", scenario.name(), system.name(),
                            logDir.resolve(system.name()), e.getMessage(), e);
                }
                log.info("{} {} took {} s", scenario.name(), system.name(),
                        (System.nanoTime() - started) / 1_000_000_000L);
            }
        }
        results.printTable();
        System.out.println("shards: " + settings.shards() + ", producer: " + settings.rate() + " records/s over "
                + settings.keys() + " keys; worker logs: " + logDir);
        return failures == 0 ? 0 : 1;
    }
}
