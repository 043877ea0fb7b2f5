package io.shardline.kcl.internal.lanes;

import io.shardline.kcl.KinesisClientRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.MDC;

/**
 * The lanes of one shard: every partition key has its own FIFO of records, and up to {@code lanes} keys are worked on
 * at the same time, each by one lane (a thread of the shared pool) taking the next key that waits, round-robin.
 * A key is never on two lanes at once and its next records start only after the previous call returned, so each
 * key's records are handled in shard order; a key that waits (a retry backoff) holds one lane, never another key.
 *
 * <p>Why not a fixed lane per key by hash: keys that hash to the same lane would queue behind each other (with 200
 * keys on 100 lanes the fullest lane holds 6 keys), and a poison key would block its lane-mates.
 *
 * <p>Thread-safe: records are submitted by the processor thread, lanes take and finish keys under this object's
 * monitor; the handler runs outside it.
 */
final class Lane {

    /** A record and its place in the shard's progress. */
    record Item(KinesisClientRecord record, Progress.Slot slot) {
    }

    /** The records of one key waiting for a lane; {@code busy} while a lane works on it. */
    private static final class KeyQueue {
        final String key;
        final ArrayDeque<Item> items = new ArrayDeque<>();
        boolean busy;
        boolean ready;

        KeyQueue(String key) {
            this.key = key;
        }
    }

    private final Map<String, KeyQueue> queues = new HashMap<>();
    private final ArrayDeque<KeyQueue> ready = new ArrayDeque<>();
    private final Executor executor;
    private final LaneWork work;
    private final int lanes;
    private final int maxBatchSize;
    private final StopSignal stop;
    private final ShardLabels labels;
    private int running;

    Lane(Executor executor, LaneWork work, int lanes, int maxBatchSize, StopSignal stop, ShardLabels labels) {
        this.executor = executor;
        this.work = work;
        this.lanes = lanes;
        this.maxBatchSize = maxBatchSize;
        this.stop = stop;
        this.labels = labels;
    }

    /** Queues {@code item} behind its key's earlier records; starts a lane if one is free. */
    void submit(Item item) {
        int start;
        synchronized (this) {
            KeyQueue queue = queues.computeIfAbsent(item.record().partitionKey(), KeyQueue::new);
            queue.items.addLast(item);
            if (!queue.busy && !queue.ready) {
                queue.ready = true;
                ready.addLast(queue);
            }
            start = lanesToStart();
        }
        for (int i = 0; i < start; i++) {
            executor.execute(this::run);
        }
    }

    /** Lanes to start now: one per waiting key while fewer than {@code lanes} run. Holds the monitor. */
    private int lanesToStart() {
        int start = 0;
        while (running < lanes && ready.size() > start && !stop.isStopped()) {
            running++;
            start++;
        }
        return start;
    }

    /** Keys that have records (waiting or in work). */
    synchronized int activeKeys() {
        return queues.size();
    }

    /** One lane: takes the next waiting key, handles up to {@code maxBatchSize} of its records, until none waits. */
    private void run() {
        MDC.setContextMap(labels.mdc());
        try {
            KeyQueue queue = take(null);
            while (queue != null) {
                List<Item> batch = batchOf(queue);
                work.run(batch);
                queue = take(queue);
            }
        } finally {
            MDC.clear();
        }
    }

    private synchronized List<Item> batchOf(KeyQueue queue) {
        List<Item> batch = new ArrayList<>(Math.min(maxBatchSize, queue.items.size()));
        while (batch.size() < maxBatchSize && !queue.items.isEmpty()) {
            batch.add(queue.items.pollFirst());
        }
        return batch;
    }

    /** Finishes {@code done} (if any) and takes the next waiting key; {@code null}: this lane ends. */
    private synchronized KeyQueue take(KeyQueue done) {
        if (done != null) {
            done.busy = false;
            if (done.items.isEmpty()) {
                queues.remove(done.key);
            } else if (!stop.isStopped()) {
                done.ready = true;
                ready.addLast(done); // behind the other waiting keys: round-robin
            }
        }
        if (stop.isStopped()) {
            ready.clear();
            queues.clear();
            running--;
            return null;
        }
        KeyQueue next = ready.pollFirst();
        if (next == null) {
            running--;
            return null;
        }
        next.ready = false;
        next.busy = true;
        return next;
    }
}
