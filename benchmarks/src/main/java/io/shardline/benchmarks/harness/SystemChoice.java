package io.shardline.benchmarks.harness;

import java.util.List;

/**
 * The value of a command's {@code --system} option: one of the systems the scenario compares, or {@code all}.
 * Checked when made, so a misspelt system stops the command before anything starts instead of running nothing.
 */
public final class SystemChoice {

    private final String chosen;

    private SystemChoice(String chosen) {
        this.chosen = chosen;
    }

    /**
     * @param given   the option's value
     * @param systems the systems the scenario knows, in the order the error message names them
     * @throws IllegalArgumentException naming {@code --system}, the systems and the value when {@code given} is
     *     neither one of {@code systems} nor {@code all}
     */
    public static SystemChoice of(String given, List<String> systems) {
        if (!"all".equals(given) && !systems.contains(given)) {
            throw new IllegalArgumentException("--system must be " + String.join(", ", systems) + " or all, was "
                    + given);
        }
        return new SystemChoice(given);
    }

    /** Whether {@code system} is to run: it was chosen, or all were. */
    public boolean includes(String system) {
        return chosen.equals("all") || chosen.equals(system);
    }
}
