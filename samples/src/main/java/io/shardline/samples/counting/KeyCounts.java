package io.shardline.samples.counting;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts per key, thread-safe: the processors of all shards of a worker add to one instance. */
public final class KeyCounts {

    /** One key and its count. */
    public record Count(String key, long count) {
    }

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    public void add(String key, long n) {
        counts.computeIfAbsent(key, k -> new LongAdder()).add(n);
        total.add(n);
    }

    public long count(String key) {
        LongAdder adder = counts.get(key);
        return adder == null ? 0 : adder.sum();
    }

    public long total() {
        return total.sum();
    }

    public int keys() {
        return counts.size();
    }

    /** Every key with its count, highest count first (ties by key). */
    public List<Count> sorted() {
        return counts.entrySet().stream()
                .map(e -> new Count(e.getKey(), e.getValue().sum()))
                .sorted(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::key))
                .toList();
    }

    /** The {@code n} highest counts. */
    public List<Count> top(int n) {
        List<Count> all = sorted();
        return all.subList(0, Math.min(n, all.size()));
    }
}
