package io.shardline.samples.windowing;

/**
 * Count, sum, minimum and maximum of the values of one window. Immutable.
 */
public record WindowAggregate(long count, double sum, double min, double max) {

    /** No values yet. */
    public static final WindowAggregate EMPTY =
            new WindowAggregate(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);

    public WindowAggregate add(double value) {
        return new WindowAggregate(count + 1, sum + value, Math.min(min, value), Math.max(max, value));
    }

    /** Both windows' values together (partial results of one window from several shards). */
    public WindowAggregate merge(WindowAggregate other) {
        return new WindowAggregate(count + other.count, sum + other.sum, Math.min(min, other.min),
                Math.max(max, other.max));
    }
}
