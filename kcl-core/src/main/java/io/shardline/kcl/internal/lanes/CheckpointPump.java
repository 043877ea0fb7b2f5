package io.shardline.kcl.internal.lanes;

import io.shardline.checkpoint.CheckpointException;
import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.RecordCheckpointer;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one shard's lane progress as checkpoints: the low-water mark, with the completed positions above it as the
 * checkpoint's state ({@link CompletedSetCodec}, capped at {@code maxStateBytes}). Lanes call {@link #progressed()}
 * after each completion; a write then runs on the shared checkpoint scheduler no sooner than {@code interval} after
 * the previous one, and again while progress keeps changing. The processor thread writes synchronously through
 * {@link #writeNow()} (back-pressure, handoff).
 *
 * <p>Every use of the checkpointer holds {@code writeLock}, so the checkpointer (not thread-safe) is never used by two
 * threads at a time; after {@link #close()} nothing is written. Time for the interval is monotonic
 * ({@code nanoTime}).
 */
final class CheckpointPump {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointPump.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    /** The result of a write attempt. */
    enum Outcome { WRITTEN, UNCHANGED, NOT_YET, FAILED, LEASE_LOST, CLOSED }

    private final Progress progress;
    private final int maxStateBytes;
    private final long intervalNanos;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;
    private final Runnable onLeaseLost;
    private final String shardId;
    private final Object writeLock = new Object();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    private volatile RecordCheckpointer checkpointer;
    private volatile boolean closed;
    private volatile boolean overCap;
    private volatile long lastWriteNanos;
    private long writtenVersion = -1;
    private boolean stateRejected;

    CheckpointPump(Progress progress, int maxStateBytes, Duration interval, ScheduledExecutorService scheduler,
                   LongSupplier nanoTime, Runnable onLeaseLost, String shardId) {
        this.progress = progress;
        this.maxStateBytes = maxStateBytes;
        this.intervalNanos = interval.toNanos();
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.onLeaseLost = onLeaseLost;
        this.shardId = shardId;
        this.lastWriteNanos = nanoTime.getAsLong() - intervalNanos;
    }

    /** The checkpointer of the processor's callbacks (valid for its later callbacks too). */
    void attach(RecordCheckpointer checkpointer) {
        this.checkpointer = checkpointer;
    }

    /** True while the last write could not hold the whole completed set: new records must wait. */
    boolean overCap() {
        return overCap;
    }

    /** Progress changed: schedules a write unless one is scheduled. Any thread. */
    void progressed() {
        if (closed || checkpointer == null || !scheduled.compareAndSet(false, true)) {
            return;
        }
        long delay = Math.max(0, lastWriteNanos + intervalNanos - nanoTime.getAsLong());
        try {
            scheduler.schedule(this::scheduledWrite, delay, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) { // rejected: the scheduler shut down
            scheduled.set(false);
        }
    }

    private void scheduledWrite() {
        scheduled.set(false);
        Outcome outcome;
        try {
            outcome = writeNow();
        } catch (RuntimeException e) {
            LOG.warn("Lanes of shard {}: checkpoint write failed unexpectedly: {}", shardId, e.toString());
            outcome = Outcome.FAILED;
        }
        if (outcome == Outcome.FAILED && !closed) {
            scheduler.schedule(this::progressed, RETRY_AFTER_FAILURE.toNanos(), TimeUnit.NANOSECONDS);
        } else if (outcome == Outcome.WRITTEN && progress.version() != writtenVersionVolatile()) {
            progressed();
        }
    }

    private long writtenVersionVolatile() {
        synchronized (writeLock) {
            return writtenVersion;
        }
    }

    /** Writes the current progress now if it changed since the last write. Blocks for one lease-table write. */
    Outcome writeNow() {
        synchronized (writeLock) {
            RecordCheckpointer target = checkpointer;
            if (closed) {
                return Outcome.CLOSED;
            }
            if (target == null) {
                return Outcome.NOT_YET;
            }
            Progress.Snapshot snapshot = progress.snapshot();
            if (snapshot.version() == writtenVersion) {
                return Outcome.UNCHANGED;
            }
            ExtendedSequenceNumber lowWaterMark = snapshot.lowWaterMark();
            if (lowWaterMark.isSentinel()) {
                return Outcome.NOT_YET; // nothing done since a start without checkpoint: no position to write yet
            }
            CompletedSetCodec.Encoded encoded = stateRejected
                    ? new CompletedSetCodec.Encoded(null, 0, snapshot.completedAbove().isEmpty())
                    : CompletedSetCodec.encode(snapshot.completedAbove(), maxStateBytes);
            overCap = !encoded.complete();
            lastWriteNanos = nanoTime.getAsLong();
            return write(target, lowWaterMark, encoded.bytes(), snapshot.version());
        }
    }

    private Outcome write(RecordCheckpointer target, ExtendedSequenceNumber position, byte[] state, long version) {
        try {
            CheckpointResult result = target.checkpoint(position, state);
            if (result.isLeaseLost()) {
                closed = true;
                onLeaseLost.run();
                return Outcome.LEASE_LOST;
            }
            if (result instanceof CheckpointResult.Failed failed) { // the processor's checkpointer does not throw
                LOG.warn("Lanes of shard {}: checkpoint at {} failed ({}); retrying", shardId, position,
                        failed.error().getMessage());
                return Outcome.FAILED;
            }
            writtenVersion = version;
            return Outcome.WRITTEN;
        } catch (CheckpointException e) {
            LOG.warn("Lanes of shard {}: checkpoint at {} failed ({}); retrying", shardId, position, e.getMessage());
            return Outcome.FAILED;
        } catch (IllegalArgumentException e) {
            if (state != null && !stateRejected) {
                stateRejected = true; // larger than the checkpointer's maxStateBytes: go on without the set
                LOG.warn("Lanes of shard {}: the checkpointer rejected the completed set ({}); checkpointing the"
                        + " low-water mark only from now on (a next owner repeats more)", shardId, e.getMessage());
                return write(target, position, null, version);
            }
            throw e;
        } catch (IllegalStateException e) {
            if (closed) {
                return Outcome.CLOSED;
            }
            throw e;
        }
    }

    /** No more writes; waits for a write in progress. */
    void close() {
        closed = true;
        synchronized (writeLock) {
            overCap = false;
        }
    }

    /** No more writes, without waiting for a write in progress (the lease is gone: it will be fenced). */
    void abandon() {
        closed = true;
    }
}
