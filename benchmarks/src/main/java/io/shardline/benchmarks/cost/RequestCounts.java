package io.shardline.benchmarks.cost;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A snapshot of the DynamoDB requests one worker process sent so far, per SDK operation name, taken at
 * {@code atMillis} (the worker's wall clock). Written by the worker as a small text file, read by the driver:
 * <pre>
 * at=1718000000000
 * GetItem=12
 * UpdateItem=40
 * </pre>
 *
 * @param atMillis when the snapshot was taken
 * @param counts   requests per operation (each HTTP attempt counts, retries included)
 */
public record RequestCounts(long atMillis, Map<String, Long> counts) {

    public RequestCounts {
        counts = Map.copyOf(Objects.requireNonNull(counts, "counts"));
        counts.forEach((operation, count) -> {
            if (count < 0) {
                throw new IllegalArgumentException("count of " + operation + " must be >= 0, was " + count);
            }
        });
    }

    /** Every request. */
    public long total() {
        return DynamoDbOperations.total(counts);
    }

    /** Requests of the {@linkplain DynamoDbOperations#isWrite write} operations. */
    public long writes() {
        return DynamoDbOperations.writes(counts);
    }

    /**
     * The requests sent between {@code earlier} and this snapshot.
     *
     * @throws IllegalArgumentException when {@code earlier} is later, or counts went down (not the same process)
     */
    public RequestWindow since(RequestCounts earlier) {
        if (earlier.atMillis > atMillis) {
            throw new IllegalArgumentException("snapshot at " + earlier.atMillis + " is after this one at " + atMillis);
        }
        Map<String, Long> delta = new TreeMap<>();
        counts.forEach((operation, count) -> {
            long before = earlier.counts.getOrDefault(operation, 0L);
            if (before > count) {
                throw new IllegalArgumentException("count of " + operation + " went down from " + before + " to "
                        + count + ": snapshots of different processes?");
            }
            delta.put(operation, count - before);
        });
        earlier.counts.keySet().stream().filter(op -> !counts.containsKey(op)).findFirst().ifPresent(op -> {
            throw new IllegalArgumentException("operation " + op + " missing from the later snapshot");
        });
        return new RequestWindow(atMillis - earlier.atMillis, delta);
    }

    /**
     * Like {@link #since}, but empty when this snapshot is not later than {@code earlier} (a worker that did not
     * rewrite its counts file during the window, e.g. a slow or stuck peer): a benchmark reports what it saw.
     */
    public Optional<RequestWindow> windowSince(RequestCounts earlier) {
        return atMillis == earlier.atMillis ? Optional.empty() : Optional.of(since(earlier));
    }

    /** The file text. */
    public String format() {
        StringBuilder text = new StringBuilder("at=").append(atMillis).append('\n');
        new TreeMap<>(counts).forEach((operation, count) -> text.append(operation).append('=').append(count)
                .append('\n'));
        return text.toString();
    }

    /**
     * Parses {@link #format()}'s text.
     *
     * @throws IllegalArgumentException naming the line that is not {@code name=number}, or when {@code at} is missing
     */
    public static RequestCounts parse(String text) {
        Long at = null;
        Map<String, Long> counts = new TreeMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("request counts line is not name=number: '" + trimmed + "'");
            }
            String name = trimmed.substring(0, eq);
            long value;
            try {
                value = Long.parseLong(trimmed.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("request counts line is not name=number: '" + trimmed + "'", e);
            }
            if (name.equals("at")) {
                at = value;
            } else {
                counts.put(name, value);
            }
        }
        if (at == null) {
            throw new IllegalArgumentException("request counts without an 'at=' line: '" + text + "'");
        }
        return new RequestCounts(at, counts);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d requests (%d writes) %s", total(), writes(), new TreeMap<>(counts));
    }
}
