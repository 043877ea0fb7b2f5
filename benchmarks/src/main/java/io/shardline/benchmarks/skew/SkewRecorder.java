package io.shardline.benchmarks.skew;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the workers of one run processed: every record's lag while {@link #measuring} (the steady window), and
 * duplicates (a shard's sequence number processed twice, over the whole run): by the same worker (a batch retried
 * after a failed checkpoint write, the emulator timing out) or by another worker than the first time.
 */
final class SkewRecorder {

    private final java.util.Map<String, String> seen = new ConcurrentHashMap<>();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder duplicatesAfterMove = new LongAdder();
    private final LongAdder processed = new LongAdder();
    private volatile boolean measuring;
    private final java.util.List<Long> lags = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final AtomicLong maxLag = new AtomicLong();

    void processed(String workerId, String shardId, String sequenceNumber, long lagMillis) {
        processed.increment();
        String first = seen.putIfAbsent(shardId + "/" + sequenceNumber, workerId);
        if (first != null) {
            duplicates.increment();
            if (!first.equals(workerId)) {
                duplicatesAfterMove.increment();
            }
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

    /** Duplicates first processed by another worker: a lease that changed hands without an exact handoff. */
    long duplicatesAfterMove() {
        return duplicatesAfterMove.sum();
    }

    long processed() {
        return processed.sum();
    }
}
