package io.shardline.testing.chaos;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long the chaos suite runs. Without a setting it runs one short cycle (a kill and restart, a split, a zombie, a
 * merge: about a minute, for CI); with {@value #DURATION_PROPERTY} (system property) or {@value #DURATION_ENV}
 * (environment) set to an ISO-8601 duration such as {@code PT10M} it repeats the cycle until that much time has
 * passed. The producer's rate can be changed with {@value #RATE_PROPERTY} (records per second, default 100).
 *
 * @param duration         how long to repeat the cycle; empty for one cycle
 * @param recordsPerSecond the producer's rate
 */
record ChaosSettings(Optional<Duration> duration, int recordsPerSecond) {

    static final String DURATION_PROPERTY = "shardline.chaos.duration";
    static final String DURATION_ENV = "SHARDLINE_CHAOS_DURATION";
    static final String RATE_PROPERTY = "shardline.chaos.rate";

    ChaosSettings {
        if (recordsPerSecond < 5 || recordsPerSecond > 1000) {
            throw new IllegalArgumentException(RATE_PROPERTY + " must be within 5..1000 records/s, was "
                    + recordsPerSecond);
        }
        duration.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(DURATION_PROPERTY + " must be positive, was " + d);
            }
        });
    }

    static ChaosSettings fromEnvironment() {
        String duration = System.getProperty(DURATION_PROPERTY, System.getenv(DURATION_ENV));
        String rate = System.getProperty(RATE_PROPERTY, "100");
        try {
            return new ChaosSettings(duration == null || duration.isBlank() ? Optional.empty()
                    : Optional.of(Duration.parse(duration.trim())), Integer.parseInt(rate.trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(DURATION_PROPERTY + "/" + DURATION_ENV
                    + " must be an ISO-8601 duration such as PT10M, was '" + duration + "'", e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(RATE_PROPERTY + " must be a whole number, was '" + rate + "'", e);
        }
    }

    /** Whether another cycle starts after {@code elapsed}: always after none, then only in the long mode. */
    boolean anotherCycle(int cyclesDone, Duration elapsed) {
        return cyclesDone == 0 || duration.map(d -> elapsed.compareTo(d) < 0).orElse(false);
    }

    String mode() {
        return duration.map(d -> "long(" + d + ")").orElse("short");
    }
}
