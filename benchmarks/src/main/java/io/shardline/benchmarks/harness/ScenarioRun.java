package io.shardline.benchmarks.harness;

import io.shardline.benchmarks.Results;
import io.shardline.testing.LocalAws;

/**
 * The skeleton of a scenario command: one {@link Results} named after the scenario (its RESULT lines printed as the
 * figures come), one {@link LocalAws} for the whole run (the backend {@link LocalAws#start()} picks, emulators by
 * default; closed after the body, also when it throws), then the table.
 */
public final class ScenarioRun {

    /** What a scenario command runs on the backend. */
    @FunctionalInterface
    public interface Body {
        void run(LocalAws aws, Results results);
    }

    private ScenarioRun() {
    }

    /**
     * Runs {@code body} on a fresh {@link LocalAws} and prints the table of {@code scenario}'s figures.
     *
     * @return the exit code, 0 (a failure of the body propagates; no table is printed then)
     */
    public static int onLocalAws(String scenario, Body body) {
        Results results = new Results(scenario, System.out);
        try (LocalAws aws = LocalAws.start()) {
            body.run(aws, results);
        }
        results.printTable();
        return 0;
    }
}
