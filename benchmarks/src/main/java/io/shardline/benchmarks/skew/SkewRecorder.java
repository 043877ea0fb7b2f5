package io.shardline.benchmarks.skew;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the workers of one run processed: every record's lag while {@link #measuring} (the steady window), and
 * duplicates (a shard's sequence number processed twice, over the whole run).
 */
final class SkewRecorder {

    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder processed = new LongAdder();
    private volatile boolean measuring;
    private final java.util.List<Long> lags = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final AtomicLong maxLag = new AtomicLong();

    void processed(String shardId, String sequenceNumber, long lagMillis) {
        processed.increment();
        if (!seen.add(shardId + "/" + sequenceNumber)) {
            duplicates.increment();
        }
        if (measuring) {
            lags.add(lagMillis);
            maxLag.accumulateAndGet(lagMillis, Math::max);
        }
    }

    void measure(boolean on) {
        measuring = on;
    }

    long[] lags() {
        synchronized (lags) {
            return lags.stream().mapToLong(Long::longValue).toArray();
        }
    }

    long duplicates() {
        return duplicates.sum();
    }

    long processed() {
        return processed.sum();
    }
}
