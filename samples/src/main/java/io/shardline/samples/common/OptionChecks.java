package io.shardline.samples.common;

import java.time.Duration;
import picocli.CommandLine;

/**
 * Checks of option values that fail with one message naming the option, the rule and the value
 * ({@code --workers must be at least 1, was 0}); picocli prints it with the usage and exits with status 2.
 */
public final class OptionChecks {

    private final CommandLine commandLine;

    private OptionChecks(CommandLine commandLine) {
        this.commandLine = commandLine;
    }

    /** Checks for the options of {@code command}. */
    public static OptionChecks of(Object command) {
        return new OptionChecks(new CommandLine(command));
    }

    /** {@code value >= min}. */
    public OptionChecks atLeast(String option, long value, long min) {
        if (value < min) {
            throw fail(option + " must be at least " + min + ", was " + value);
        }
        return this;
    }

    /** {@code value > 0} (and a number). */
    public OptionChecks positive(String option, double value) {
        if (!(value > 0)) {
            throw fail(option + " must be positive, was " + value);
        }
        return this;
    }

    /** {@code value >= 0}. */
    public OptionChecks notNegative(String option, double value) {
        if (!(value >= 0)) {
            throw fail(option + " must not be negative, was " + value);
        }
        return this;
    }

    /** A duration longer than zero. */
    public OptionChecks positive(String option, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw fail(option + " must be positive, was " + (value == null ? null : DurationConverter.format(value)));
        }
        return this;
    }

    /** A duration of zero or more. */
    public OptionChecks notNegative(String option, Duration value) {
        if (value == null || value.isNegative()) {
            throw fail(option + " must not be negative, was "
                    + (value == null ? null : DurationConverter.format(value)));
        }
        return this;
    }

    private CommandLine.ParameterException fail(String message) {
        return new CommandLine.ParameterException(commandLine, message);
    }
}
