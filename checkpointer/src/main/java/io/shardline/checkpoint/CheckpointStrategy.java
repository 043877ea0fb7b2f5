package io.shardline.checkpoint;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * When the simple per-record handler checkpoints on its own. A pure decision over counts and instants; the
 * {@link CheckpointTracker} made by {@link #tracker(InstantSource)} keeps the counts and reads the clock.
 * Every strategy but {@link #manual()} checkpoints only when at least one record was processed since the last
 * checkpoint.
 */
public sealed interface CheckpointStrategy {

    /**
     * Whether to checkpoint now.
     *
     * @param recordsSinceLast   records processed since the last checkpoint (or since the start)
     * @param lastCheckpointTime when the last checkpoint was taken (or the tracker started)
     * @param endOfBatch         true at the end of a batch, after its last record
     * @param now                the current instant, from the tracker's clock
     */
    boolean shouldCheckpoint(int recordsSinceLast, Instant lastCheckpointTime, boolean endOfBatch, Instant now);

    /**
     * Whether the strategy decides on time as well as on records: then it needs to be asked while the shard is idle
     * (at the end of empty batches), or the last records before a quiet spell are not checkpointed until the next
     * record arrives. The per-record handler asks for empty batches when this is true.
     */
    default boolean isTimeBased() {
        return false;
    }

    /** A stateful tracker of this strategy for one shard, reading time from {@code clock}. */
    default CheckpointTracker tracker(InstantSource clock) {
        return new CheckpointTracker(this, clock);
    }

    /** Never checkpoints on its own: the handler calls the {@link Checkpointer} itself. */
    static CheckpointStrategy manual() {
        return Manual.INSTANCE;
    }

    /** Checkpoints once {@code records} records were processed since the last checkpoint. */
    static CheckpointStrategy everyRecords(int records) {
        return new EveryRecords(records);
    }

    /**
     * Checkpoints at the first record (or batch end) at least {@code interval} after the last checkpoint. Time-based:
     * the per-record handler also gets the empty batches of an idle shard, so records processed just before the shard
     * went quiet are checkpointed about {@code interval} (plus one idle poll) later, not only when the next record
     * comes.
     */
    static CheckpointStrategy every(Duration interval) {
        return new Every(interval);
    }

    /** Checkpoints at the end of every batch that processed a record. */
    static CheckpointStrategy afterEachBatch() {
        return AfterEachBatch.INSTANCE;
    }

    /** See {@link #manual()}. */
    enum Manual implements CheckpointStrategy {
        INSTANCE;

        @Override
        public boolean shouldCheckpoint(int recordsSinceLast, Instant lastCheckpointTime, boolean endOfBatch,
                                        Instant now) {
            return false;
        }
    }

    /** See {@link #everyRecords(int)}. */
    record EveryRecords(int records) implements CheckpointStrategy {
        /** Checks the components (non-null where the record description does not say otherwise). */
        public EveryRecords {
            if (records < 1) {
                throw new IllegalArgumentException("records must be >= 1, was " + records);
            }
        }

        @Override
        public boolean shouldCheckpoint(int recordsSinceLast, Instant lastCheckpointTime, boolean endOfBatch,
                                        Instant now) {
            return recordsSinceLast >= records;
        }
    }

    /** See {@link #every(Duration)}. */
    record Every(Duration interval) implements CheckpointStrategy {
        /** Checks the components (non-null where the record description does not say otherwise). */
        public Every {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be positive, was " + interval);
            }
        }

        @Override
        public boolean shouldCheckpoint(int recordsSinceLast, Instant lastCheckpointTime, boolean endOfBatch,
                                        Instant now) {
            return recordsSinceLast > 0 && !now.isBefore(lastCheckpointTime.plus(interval));
        }

        @Override
        public boolean isTimeBased() {
            return true;
        }
    }

    /** See {@link #afterEachBatch()}. */
    enum AfterEachBatch implements CheckpointStrategy {
        INSTANCE;

        @Override
        public boolean shouldCheckpoint(int recordsSinceLast, Instant lastCheckpointTime, boolean endOfBatch,
                                        Instant now) {
            return endOfBatch && recordsSinceLast > 0;
        }
    }
}
