package io.shardline.benchmarks.cost;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The DynamoDB requests one worker sent during a window: {@link RequestCounts#since} of two snapshots.
 *
 * @param millis the window's length, between the two snapshots' times
 * @param counts requests per operation during the window
 */
public record RequestWindow(long millis, Map<String, Long> counts) {

    public RequestWindow {
        if (millis <= 0) {
            throw new IllegalArgumentException("window must be longer than 0 ms, was " + millis);
        }
        counts = Map.copyOf(Objects.requireNonNull(counts, "counts"));
    }

    public double requestsPerSecond() {
        return DynamoDbOperations.total(counts) * 1000.0 / millis;
    }

    public double writesPerSecond() {
        return DynamoDbOperations.writes(counts) * 1000.0 / millis;
    }

    /** Per-operation rates, for the log: {@code GetItem=1.02/s ...}. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(counts).forEach((op, count) -> text.append(String.format(Locale.ROOT, " %s=%.2f/s", op,
                count * 1000.0 / millis)));
        return String.format(Locale.ROOT, "%d ms:", millis) + text;
    }
}
