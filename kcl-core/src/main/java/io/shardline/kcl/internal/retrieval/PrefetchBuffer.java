package io.shardline.kcl.internal.retrieval;

import io.shardline.kcl.retrieval.RecordBatch;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The bounded queue between a fetcher and its shard consumer, counting user records and payload bytes.
 *
 * <p>Back-pressure handshake: the fetch loop calls {@link #pauseIfFull()} before each fetch; when it returns true
 * the loop stops, and the {@link #poll()} that makes room again runs {@code onRoomFreed} exactly once to resume it.
 * Both run under one lock, so a resume can neither be lost nor doubled.
 *
 * <p>Records are a hard bound when the fetcher asks for at most {@link #recordRoom()} records (a KPL aggregate can
 * still expand past it); bytes are checked before a fetch, so the last answer may exceed them. An empty data batch is
 * kept only when the queue is empty (it carries {@code millisBehindLatest}, not data). After a terminal batch or
 * {@link #close()} nothing more is added. Thread-safe; listeners run outside the lock.
 */
final class PrefetchBuffer {

    private final int maxRecords;
    private final long maxBytes;
    private final Runnable onRoomFreed;
    /** The batches with their payload bytes, summed once when added (not again, cache-cold, when polled). */
    private final Deque<Entry> batches = new ArrayDeque<>();
    private volatile Runnable onDataAvailable = () -> { };
    private int records;
    private long bytes;
    private boolean pausedForRoom;
    private boolean terminalAdded;
    private boolean closed;

    PrefetchBuffer(int maxRecords, long maxBytes, Runnable onRoomFreed) {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.onRoomFreed = Objects.requireNonNull(onRoomFreed, "onRoomFreed");
    }

    void onDataAvailable(Runnable listener) {
        this.onDataAvailable = Objects.requireNonNull(listener, "onDataAvailable");
    }

    /** Adds {@code batch} and signals the consumer; returns false when closed or after a terminal batch. */
    boolean add(RecordBatch batch) {
        return add(batch, batch.dataBytes());
    }

    /**
     * {@link #add(RecordBatch)} for a batch whose payload bytes the caller summed already ({@code dataBytes}: one pass
     * over the records fewer).
     */
    boolean add(RecordBatch batch, long dataBytes) {
        synchronized (this) {
            if (closed || terminalAdded) {
                return false;
            }
            if (batch.records().isEmpty() && !batch.isTerminal() && !batches.isEmpty()) {
                return true;
            }
            Entry entry = new Entry(batch, dataBytes);
            batches.addLast(entry);
            records += batch.records().size();
            bytes += entry.bytes();
            terminalAdded = batch.isTerminal();
        }
        onDataAvailable.run();
        return true;
    }

    /** The oldest batch or {@code null}; resumes a paused fetch loop when this frees room. */
    RecordBatch poll() {
        boolean resume;
        Entry entry;
        synchronized (this) {
            entry = batches.pollFirst();
            if (entry == null) {
                return null;
            }
            records -= entry.batch().records().size();
            bytes -= entry.bytes();
            resume = pausedForRoom && hasRoom();
            if (resume) {
                pausedForRoom = false;
            }
        }
        if (resume) {
            onRoomFreed.run();
        }
        return entry.batch();
    }

    /** True (and the loop must stop) when there is no room; the next {@code poll} that frees room resumes it. */
    synchronized boolean pauseIfFull() {
        if (hasRoom()) {
            return false;
        }
        pausedForRoom = true;
        return true;
    }

    /** How many more user records fit. */
    synchronized int recordRoom() {
        return Math.max(0, maxRecords - records);
    }

    synchronized int bufferedRecords() {
        return records;
    }

    synchronized long bufferedBytes() {
        return bytes;
    }

    synchronized int bufferedBatches() {
        return batches.size();
    }

    /** True once a terminal batch was added (it may not have been polled yet). */
    synchronized boolean isFinished() {
        return terminalAdded;
    }

    /** Drops every batch; nothing more is added or resumed. */
    synchronized void close() {
        closed = true;
        pausedForRoom = false;
        batches.clear();
        records = 0;
        bytes = 0;
    }

    private record Entry(RecordBatch batch, long bytes) {
    }

    private boolean hasRoom() {
        return !closed && records < maxRecords && bytes < maxBytes;
    }
}
