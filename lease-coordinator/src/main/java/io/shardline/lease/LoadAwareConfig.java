package io.shardline.lease;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link AssignmentStrategy#loadAware(LoadAwareConfig)}; immutable, checked by {@link Builder#build()}.
 *
 * <ul>
 *   <li>{@code weight} {@link LoadWeight#recordsPerSecond()}: what a lease weighs.</li>
 *   <li>{@code improvementMargin} 0.1: hysteresis. A lease moves from member S to member T only when the heavier of
 *       the two drops by at least {@code margin x mean member load} (for the most loaded member: max/mean improves
 *       by at least the margin), so measurement noise below that never moves a lease, and no move is undone by the
 *       reverse move while loads stay as they were.</li>
 *   <li>{@code maxMovesPerRound} 2: the most load moves one round plans (orphans are not counted: they are always
 *       placed). Each move is a graceful handoff.</li>
 *   <li>{@code reading}: how the leader reads the load ({@link LoadReading}): every 10 s, silent after 35 s, each new
 *       report weighs 0.5 in the moving average.</li>
 * </ul>
 */
public final class LoadAwareConfig {

    private final LoadWeight weight;
    private final double improvementMargin;
    private final int maxMovesPerRound;
    private final LoadReading reading;

    private LoadAwareConfig(Builder b) {
        this.weight = b.weight;
        this.improvementMargin = b.improvementMargin;
        this.maxMovesPerRound = b.maxMovesPerRound;
        this.reading = b.reading;
    }

    /** Every setting at its default. */
    public static LoadAwareConfig defaults() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.weight = weight;
        b.improvementMargin = improvementMargin;
        b.maxMovesPerRound = maxMovesPerRound;
        b.reading = reading;
        return b;
    }

    /** What a lease weighs. */
    public LoadWeight weight() {
        return weight;
    }

    /** The hysteresis margin, as a fraction of the mean member load. */
    public double improvementMargin() {
        return improvementMargin;
    }

    /** The most load moves per assignment round. */
    public int maxMovesPerRound() {
        return maxMovesPerRound;
    }

    /** How the leader reads the load. */
    public LoadReading reading() {
        return reading;
    }

    @Override
    public String toString() {
        return "LoadAwareConfig{improvementMargin=" + improvementMargin + ", maxMovesPerRound=" + maxMovesPerRound
                + ", reading=" + reading + "}";
    }

    /** Builds a {@link LoadAwareConfig}; {@link #build()} checks every value. */
    public static final class Builder {
        private LoadWeight weight = LoadWeight.recordsPerSecond();
        private double improvementMargin = 0.1;
        private int maxMovesPerRound = 2;
        private LoadReading reading = new LoadReading(Duration.ofSeconds(10), Duration.ofSeconds(35), 0.5);

        private Builder() {
        }

        /** Sets {@code weight}. */
        public Builder weight(LoadWeight weight) {
            this.weight = weight;
            return this;
        }

        /** Sets {@code improvementMargin}: in [0, 10]. */
        public Builder improvementMargin(double improvementMargin) {
            this.improvementMargin = improvementMargin;
            return this;
        }

        /** Sets {@code maxMovesPerRound}: at least 1. */
        public Builder maxMovesPerRound(int maxMovesPerRound) {
            this.maxMovesPerRound = maxMovesPerRound;
            return this;
        }

        /** Sets {@code reading}. */
        public Builder reading(LoadReading reading) {
            this.reading = reading;
            return this;
        }

        /** The config; fails naming the field and the value when one is invalid. */
        public LoadAwareConfig build() {
            Objects.requireNonNull(weight, "weight");
            Objects.requireNonNull(reading, "reading");
            if (!(improvementMargin >= 0 && improvementMargin <= 10)) {
                throw new IllegalArgumentException("improvementMargin must be in [0, 10], was " + improvementMargin);
            }
            if (maxMovesPerRound < 1) {
                throw new IllegalArgumentException("maxMovesPerRound must be >= 1, was " + maxMovesPerRound);
            }
            return new LoadAwareConfig(this);
        }
    }
}
