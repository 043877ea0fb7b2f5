package io.shardline.kcl;

import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.Checkpointer;
import io.shardline.checkpoint.PreparedCheckpoint;

/**
 * The {@link Checkpointer} a record processor gets, plus checkpointing at a {@link KinesisClientRecord}: the
 * record's sequence and sub-sequence number, so a checkpoint inside a KPL aggregate resumes at the next user record of
 * that aggregate. Same rules as {@link Checkpointer}: fenced on the lease this worker holds, never beyond the last
 * record delivered, never backwards, only from the processor's callback thread, never from {@code leaseLost}.
 */
public interface RecordCheckpointer extends Checkpointer {

    /** Checkpoints {@code record} (and every record before it) as processed. */
    default CheckpointResult checkpoint(KinesisClientRecord record) {
        return checkpoint(record.extendedSequenceNumber());
    }

    /** Checkpoints {@code record} with {@code state} in one conditional write (see {@link Checkpointer}). */
    default CheckpointResult checkpoint(KinesisClientRecord record, byte[] state) {
        return checkpoint(record.extendedSequenceNumber(), state);
    }

    /** Prepares (two-phase) a checkpoint at {@code record}; commit it with {@link PreparedCheckpoint#commit()}. */
    default PreparedCheckpoint prepareCheckpoint(KinesisClientRecord record) {
        return prepareCheckpoint(record.extendedSequenceNumber());
    }
}
