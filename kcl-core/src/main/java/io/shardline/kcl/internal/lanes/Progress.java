package io.shardline.kcl.internal.lanes;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The progress of one shard under lanes: the records handed to the lanes in shard order, which of them are done, the
 * low-water mark (the highest position at and below which every record is done) and the completed positions above
 * it. Records a previous owner completed above its low-water mark ({@link #Progress(ExtendedSequenceNumber,
 * Collection)}) are done on arrival and skipped.
 *
 * <p>Thread-safe: lanes complete records from their threads while the processor thread dispatches. Every method is
 * short and holds the monitor; {@link #awaitRoom} waits on it.
 */
final class Progress {

    /** One record handed to the lanes; {@code done} is guarded by the enclosing {@link Progress}. */
    static final class Slot {
        final ExtendedSequenceNumber position;
        final Instant arrivedAt;
        private boolean done;

        Slot(ExtendedSequenceNumber position, Instant arrivedAt) {
            this.position = position;
            this.arrivedAt = arrivedAt;
        }
    }

    /** What a checkpoint writes: the low-water mark and the completed positions above it, ascending. */
    record Snapshot(ExtendedSequenceNumber lowWaterMark, List<ExtendedSequenceNumber> completedAbove, long version) {
    }

    private final ArrayDeque<Slot> pending = new ArrayDeque<>();
    private final NavigableSet<ExtendedSequenceNumber> skip;
    private ExtendedSequenceNumber lowWaterMark;
    private int doneAbove;
    private long version;
    private long skipped;

    /** Starts at {@code start}; {@code completedAbove} were done by a previous owner and are skipped. */
    Progress(ExtendedSequenceNumber start, Collection<ExtendedSequenceNumber> completedAbove) {
        this.lowWaterMark = start;
        this.skip = new TreeSet<>(completedAbove);
    }

    /**
     * Registers the next record of the shard; {@code null} when a previous owner completed it (it counts as done and is
     * not handed to a lane).
     */
    synchronized Slot dispatch(ExtendedSequenceNumber position, Instant arrivedAt) {
        Slot slot = new Slot(position, arrivedAt);
        pending.addLast(slot);
        if (!skip.isEmpty() && skip.remove(position)) {
            skipped++;
            markDone(slot);
            return null;
        }
        if (!skip.isEmpty() && skip.first().isBefore(position)) {
            skip.headSet(position, false).clear(); // not delivered again (the position went past them)
        }
        return slot;
    }

    /** The lane finished {@code slots} (processed or dead-lettered). */
    synchronized void complete(Collection<Slot> slots) {
        for (Slot slot : slots) {
            markDone(slot);
        }
    }

    private void markDone(Slot slot) {
        if (slot.done) {
            return;
        }
        slot.done = true;
        doneAbove++;
        while (!pending.isEmpty() && pending.peekFirst().done) {
            lowWaterMark = pending.removeFirst().position;
            doneAbove--;
        }
        version++;
        notifyAll();
    }

    /** Records handed out and not yet below the low-water mark (done or not). */
    synchronized int pendingCount() {
        return pending.size();
    }

    /** Records handed out and not done. */
    synchronized int inFlight() {
        return pending.size() - doneAbove;
    }

    synchronized boolean allDone() {
        return pending.isEmpty();
    }

    synchronized long skipped() {
        return skipped;
    }

    synchronized ExtendedSequenceNumber lowWaterMark() {
        return lowWaterMark;
    }

    /** When the oldest record not done yet arrived in Kinesis, or {@code null} when every record is done. */
    synchronized Instant oldestIncompleteArrival() {
        for (Slot slot : pending) {
            if (!slot.done) {
                return slot.arrivedAt;
            }
        }
        return null;
    }

    synchronized Snapshot snapshot() {
        List<ExtendedSequenceNumber> done = new ArrayList<>(doneAbove);
        for (Slot slot : pending) {
            if (slot.done) {
                done.add(slot.position);
            }
        }
        return new Snapshot(lowWaterMark, List.copyOf(done), version);
    }

    synchronized long version() {
        return version;
    }

    /**
     * Waits until fewer than {@code limit} records are pending, or {@code timeoutNanos} passed, or
     * {@code wakeUp} was signalled through {@link #wake()}; true when there is room.
     */
    synchronized boolean awaitRoom(int limit, long timeoutNanos) throws InterruptedException {
        long waitMillis = Math.max(1, timeoutNanos / 1_000_000);
        if (pending.size() >= limit) {
            wait(waitMillis);
        }
        return pending.size() < limit;
    }

    /** Waits until every record handed out is done, for at most {@code timeoutNanos}; true when all are done. */
    synchronized boolean awaitAllDone(long timeoutNanos) throws InterruptedException {
        long waitMillis = Math.max(1, timeoutNanos / 1_000_000);
        if (!pending.isEmpty()) {
            wait(waitMillis);
        }
        return pending.isEmpty();
    }

    /** Wakes the waiters (a stop, a state change they must see). */
    synchronized void wake() {
        notifyAll();
    }
}
