package io.shardline.lease;

import java.time.Duration;
import java.util.Objects;

/**
 * How the leader reads the load members publish (their status items, {@link CoordinationStore#listStatuses()}) for a
 * strategy that asks for it ({@link AssignmentStrategy#loadReading()}). Only the leader reads, at most once per
 * {@code readInterval} and only in an assignment round.
 *
 * @param readInterval the least time between two reads (one Scan of the coordination table each); match the
 *                     workers' status interval (kcl-core {@code ConsumerConfig.statusInterval}, default 10 s)
 * @param staleAfter   a member whose report did not change for this long is silent (its leases' load is missing);
 *                     also the grace a member (or a new leader) gets before its first report
 * @param smoothing    weight of a new report in the per-lease moving average (1: no smoothing), in (0, 1]
 * @param minResidence a lease its holder took less than this long ago (as the leader saw it) is not moved for load
 *                     (it may still be moved when its holder leaves or dies): damping on top of the margin, so a
 *                     noisy rate cannot bounce a lease between members
 */
public record LoadReading(Duration readInterval, Duration staleAfter, double smoothing, Duration minResidence) {

    /** With {@code minResidence} 6 x {@code readInterval}. */
    public LoadReading(Duration readInterval, Duration staleAfter, double smoothing) {
        this(readInterval, staleAfter, smoothing, Objects.requireNonNull(readInterval, "readInterval")
                .multipliedBy(6));
    }

    /** Checks the components. */
    public LoadReading {
        Objects.requireNonNull(readInterval, "readInterval");
        Objects.requireNonNull(staleAfter, "staleAfter");
        if (readInterval.isNegative() || readInterval.isZero()) {
            throw new IllegalArgumentException("readInterval must be positive, was " + readInterval);
        }
        if (staleAfter.compareTo(readInterval) <= 0) {
            throw new IllegalArgumentException("staleAfter must be longer than readInterval (" + readInterval
                    + "), was " + staleAfter);
        }
        Objects.requireNonNull(minResidence, "minResidence");
        if (minResidence.isNegative()) {
            throw new IllegalArgumentException("minResidence must be >= 0, was " + minResidence);
        }
        if (!(smoothing > 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("smoothing must be in (0, 1], was " + smoothing);
        }
    }
}
