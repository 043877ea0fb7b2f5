package io.shardline.samples.windowing;

import java.time.Instant;
import java.util.Objects;

/**
 * The final result of one key's window on one shard.
 *
 * @param key       the partition key
 * @param start     window start, epoch milliseconds (inclusive)
 * @param end       window end, epoch milliseconds (exclusive)
 * @param aggregate its values
 */
public record ClosedWindow(String key, long start, long end, WindowAggregate aggregate) {

    public ClosedWindow {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(aggregate, "aggregate");
    }

    /** The results table's window key: {@code <key>|<start>}. */
    public String windowId() {
        return key + "|" + start;
    }

    @Override
    public String toString() {
        return key + " [" + Instant.ofEpochMilli(start) + ", " + Instant.ofEpochMilli(end) + ") count="
                + aggregate.count() + " sum=" + number(aggregate.sum()) + " min=" + number(aggregate.min()) + " max="
                + number(aggregate.max());
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
