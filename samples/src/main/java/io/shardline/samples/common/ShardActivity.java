package io.shardline.samples.common;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a worker's processors are doing, for status output: which shards they process now, how many records they
 * processed in all, and how far behind the tip each shard was at its last batch ({@code millisBehindLatest}).
 * Thread-safe: processors of different shards update it concurrently, a status thread reads it.
 */
public final class ShardActivity {

    private final Map<String, Long> lagByShard = new ConcurrentHashMap<>();
    private final AtomicLong processed = new AtomicLong();

    public void started(String shardId) {
        lagByShard.put(shardId, -1L);
    }

    public void processed(String shardId, int records, long millisBehindLatest) {
        processed.addAndGet(records);
        lagByShard.computeIfPresent(shardId, (k, v) -> millisBehindLatest);
    }

    public void stopped(String shardId) {
        lagByShard.remove(shardId);
    }

    public long processedTotal() {
        return processed.get();
    }

    /** The status now. */
    public Status status() {
        List<String> shards = lagByShard.keySet().stream().sorted().toList();
        long lag = lagByShard.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        return new Status(processed.get(), lag, shards);
    }

    /**
     * A worker's status, written as one line {@code @status processed=N lag_ms=L shards=a,b} (lag {@code -1} when
     * unknown) that the demo reads from the worker's standard output.
     */
    public record Status(long processed, long lagMs, List<String> shards) {

        private static final String PREFIX = "@status ";

        public Status {
            shards = List.copyOf(shards);
        }

        public String format() {
            return PREFIX + "processed=" + processed + " lag_ms=" + lagMs + " shards=" + String.join(",", shards);
        }

        /** The status in {@code line}, or empty when it is some other output. */
        public static Optional<Status> parse(String line) {
            if (!line.startsWith(PREFIX)) {
                return Optional.empty();
            }
            long processed = -1;
            long lag = -1;
            List<String> shards = List.of();
            for (String field : line.substring(PREFIX.length()).trim().split(" ")) {
                int eq = field.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String value = field.substring(eq + 1);
                switch (field.substring(0, eq)) {
                    case "processed" -> processed = Long.parseLong(value);
                    case "lag_ms" -> lag = Long.parseLong(value);
                    case "shards" -> shards = value.isEmpty() ? List.of() : List.of(value.split(","));
                    default -> { }
                }
            }
            return processed < 0 ? Optional.empty() : Optional.of(new Status(processed, lag, shards));
        }
    }
}
