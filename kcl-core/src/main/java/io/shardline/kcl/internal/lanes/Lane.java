package io.shardline.kcl.internal.lanes;

import io.shardline.kcl.KinesisClientRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.MDC;

/**
 * One lane: a FIFO of records whose partition keys hash to it, run one call at a time on a thread of the shared lane
 * pool. A lane holds a thread only while it has records; the next call starts only after the previous one finished
 * (so one key's records are handled in their order, each after the one before it completed).
 */
final class Lane {

    /** A record and its place in the shard's progress. */
    record Item(KinesisClientRecord record, Progress.Slot slot) {
    }

    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Executor executor;
    private final LaneWork work;
    private final int maxBatchSize;
    private final StopSignal stop;
    private final ShardLabels labels;

    Lane(Executor executor, LaneWork work, int maxBatchSize, StopSignal stop, ShardLabels labels) {
        this.executor = executor;
        this.work = work;
        this.maxBatchSize = maxBatchSize;
        this.stop = stop;
        this.labels = labels;
    }

    void submit(Item item) {
        queue.add(item);
        schedule();
    }

    private void schedule() {
        if (!queue.isEmpty() && !stop.isStopped() && running.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        MDC.setContextMap(labels.mdc());
        try {
            List<Item> batch = next();
            while (!batch.isEmpty() && !stop.isStopped()) {
                work.run(batch);
                batch = next();
            }
            if (stop.isStopped()) {
                queue.clear();
            }
        } finally {
            MDC.clear();
            running.set(false);
        }
        schedule(); // a record may have arrived between the last poll and the flag reset
    }

    private List<Item> next() {
        List<Item> batch = new ArrayList<>(Math.min(maxBatchSize, 16));
        Item item;
        while (batch.size() < maxBatchSize && (item = queue.poll()) != null) {
            batch.add(item);
        }
        return batch;
    }

    /** Which lane of {@code lanes} a partition key belongs to: a spread hash, stable across workers and restarts. */
    static int laneOf(String partitionKey, int lanes) {
        int h = partitionKey.hashCode() * 0x9E3779B9;
        h ^= h >>> 16;
        return Math.floorMod(h, lanes);
    }
}
