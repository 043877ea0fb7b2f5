package io.shardline.checkpoint;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Applies a {@link CheckpointStrategy} to one shard: counts processed records, remembers when the last checkpoint
 * was taken, reads time from an injected clock. Not thread-safe: use it on the shard's callback thread.
 *
 * <pre>{@code
 * for (record : batch) {
 *     handler.handle(record);
 *     if (tracker.recordProcessed()) { checkpointer.checkpoint(record.position()); tracker.checkpointed(); }
 * }
 * if (tracker.batchEnded()) { checkpointer.checkpoint(); tracker.checkpointed(); }
 * }</pre>
 */
public final class CheckpointTracker {

    private final CheckpointStrategy strategy;
    private final InstantSource clock;
    private int recordsSinceLast;
    private Instant lastCheckpointTime;

    /** A tracker following {@code strategy}, reading time from {@code clock}. */
    public CheckpointTracker(CheckpointStrategy strategy, InstantSource clock) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastCheckpointTime = clock.instant();
    }

    /** Counts one processed record; true when the strategy wants a checkpoint now (after that record). */
    public boolean recordProcessed() {
        recordsSinceLast++;
        return strategy.shouldCheckpoint(recordsSinceLast, lastCheckpointTime, false, clock.instant());
    }

    /** The batch is done; true when the strategy wants a checkpoint now (at the batch's last record). */
    public boolean batchEnded() {
        return strategy.shouldCheckpoint(recordsSinceLast, lastCheckpointTime, true, clock.instant());
    }

    /** A checkpoint was taken (by the strategy or by hand): resets the count and the time. */
    public void checkpointed() {
        recordsSinceLast = 0;
        lastCheckpointTime = clock.instant();
    }

    /** Whether the strategy decides on time (see {@link CheckpointStrategy#isTimeBased()}). */
    public boolean isTimeBased() {
        return strategy.isTimeBased();
    }

    /** Records processed since the last checkpoint. */
    public int recordsSinceLastCheckpoint() {
        return recordsSinceLast;
    }

    /** When the last checkpoint was taken (or the tracker created). */
    public Instant lastCheckpointTime() {
        return lastCheckpointTime;
    }
}
