package io.shardline.lease.internal.shared;

import java.time.Duration;
import java.util.Objects;

/**
 * The validation every config builder of the library does at {@code build()}, in one place, so every bad value fails
 * with the same kind of message: {@code <Owner>.<field> <rule>, was <value>} (for example
 * {@code ConsumerConfig.statusInterval must be a positive duration, was PT-1S}). Each check returns the value it
 * passed, so a builder can check and assign in one line. Immutable and thread-safe.
 */
public final class ConfigChecks {

    private final String owner;

    private ConfigChecks(String owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** Checks for the config class {@code owner} (its simple name, the prefix of every message). */
    public static ConfigChecks of(String owner) {
        return new ConfigChecks(owner);
    }

    /** The exception for {@code field} holding {@code value}, which breaks {@code rule} ("must be ..."). */
    public IllegalArgumentException invalid(String field, Object value, String rule) {
        return new IllegalArgumentException(owner + "." + field + " " + rule + ", was " + value);
    }

    /** Throws {@link #invalid} unless {@code ok}. */
    public void check(boolean ok, String field, Object value, String rule) {
        if (!ok) {
            throw invalid(field, value, rule);
        }
    }

    /** {@code value}, which must not be null ("is required"). */
    public <T> T required(String field, T value) {
        check(value != null, field, null, "is required");
        return value;
    }

    /** {@code value}, which must be a duration above zero. */
    public Duration positive(String field, Duration value) {
        check(value != null && !value.isNegative() && !value.isZero(), field, value, "must be a positive duration");
        return value;
    }

    /** {@code value}, which must be a duration of zero or more. */
    public Duration nonNegative(String field, Duration value) {
        check(value != null && !value.isNegative(), field, value, "must be >= 0");
        return value;
    }

    /** {@code value}, which must be at least {@code bound} (named {@code boundName} in the message). */
    public Duration atLeast(String field, Duration value, String boundName, Duration bound) {
        check(value != null && value.compareTo(bound) >= 0, field, value,
                "must be at least " + boundName + " (" + bound + ")");
        return value;
    }

    /** {@code value}, which must be {@code min} or more. */
    public long atLeast(String field, long value, long min) {
        check(value >= min, field, value, "must be >= " + min);
        return value;
    }

    /** {@code value}, which must lie in {@code min..max} (both included). */
    public long between(String field, long value, long min, long max) {
        check(value >= min && value <= max, field, value, "must be between " + min + " and " + max);
        return value;
    }

    /** {@code value}, which must be a finite number above zero. */
    public double positive(String field, double value) {
        check(value > 0 && !Double.isInfinite(value), field, value, "must be > 0");
        return value;
    }

    /** {@code value}, which must lie in (0, 1]. */
    public double fraction(String field, double value) {
        check(value > 0 && value <= 1, field, value, "must be in (0, 1]");
        return value;
    }
}
