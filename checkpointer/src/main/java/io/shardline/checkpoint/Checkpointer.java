package io.shardline.checkpoint;

import java.util.Optional;

/**
 * Records how far a record processor got in one shard, in the lease table, fenced on the lease it holds: a write
 * succeeds only while {@code leaseOwner} and {@code leaseCounter} are still the ones this worker acquired, so a
 * zombie worker can never overwrite the new owner's progress.
 *
 * <p><b>Positions a checkpoint accepts.</b> A real sequence number or {@code SHARD_END}, never beyond the last
 * record delivered to the processor ({@link IllegalArgumentException}), and not behind the last committed checkpoint
 * ({@link CheckpointResult.Stale}, nothing written: checkpoints never move backwards). The same position as the last
 * committed one is accepted and written again. {@code SHARD_END} is accepted only once the shard has ended and every
 * record of it was delivered. The starting-position sentinels ({@code TRIM_HORIZON}, {@code LATEST},
 * {@code AT_TIMESTAMP}) are rejected.
 *
 * <p><b>State.</b> {@link #checkpoint(ExtendedSequenceNumber, byte[])} writes a small application state in the same
 * conditional update as the position; it belongs to that position. A checkpoint without state removes the stored
 * state. The next owner of the lease gets the state with the checkpoint it starts after.
 *
 * <p><b>Threads.</b> Call it from the processor's callback thread ({@code processRecords}, {@code shardEnded},
 * {@code shutdownRequested}), never concurrently for one shard; it is not thread-safe. Calls block for one lease
 * table write. Never call it from {@code leaseLost}: the lease is gone.
 */
public interface Checkpointer {

    /** The lease (shard) this checkpointer writes to. */
    String leaseKey();

    /**
     * Checkpoints the last record delivered to the processor (or {@code SHARD_END} once the shard ended and all its
     * records were delivered), removing any stored state. When nothing was delivered beyond the committed checkpoint
     * it writes nothing and returns {@link CheckpointResult.Ok} with that checkpoint, so the state stored with it is
     * kept. On a lease without a checkpoint, before any record, it writes the position the consumer started from.
     *
     * @throws CheckpointException when the lease table failed (the RecordCheckpointer a processor gets returns
     *                             {@link CheckpointResult.Failed} instead)
     */
    CheckpointResult checkpoint();

    /**
     * Checkpoints {@code position}: every record up to and including it is processed. Removes any stored state.
     *
     * @throws IllegalArgumentException when {@code position} is beyond the last delivered record, or a starting
     *                                  sentinel
     * @throws CheckpointException      when the lease table failed (the RecordCheckpointer a processor gets
     *                                  returns {@link CheckpointResult.Failed} instead)
     */
    CheckpointResult checkpoint(ExtendedSequenceNumber position);

    /** Same as {@link #checkpoint(ExtendedSequenceNumber)} with {@code ExtendedSequenceNumber.of(seq, subSeq)}. */
    CheckpointResult checkpoint(String sequenceNumber, long subSequenceNumber);

    /**
     * Checkpoints {@code position} and {@code state} in one conditional write. {@code null} state removes the stored
     * state.
     *
     * @throws IllegalArgumentException when {@code state} is larger than {@link CheckpointerConfig#maxStateBytes()},
     *                                  or for the reasons of {@link #checkpoint(ExtendedSequenceNumber)}
     * @throws CheckpointException      when the lease table failed (the RecordCheckpointer a processor gets
     *                                  returns {@link CheckpointResult.Failed} instead)
     */
    CheckpointResult checkpoint(ExtendedSequenceNumber position, byte[] state);

    /**
     * First phase of a two-phase checkpoint: records {@code position} as the lease's pending checkpoint without moving
     * the committed one. Use it before a side effect that must not be repeated blindly (the next owner sees the
     * pending position at initialize and can reconcile), then {@link PreparedCheckpoint#commit()}.
     */
    PreparedCheckpoint prepareCheckpoint(ExtendedSequenceNumber position);

    /** Like {@link #prepareCheckpoint(ExtendedSequenceNumber)}; {@code state} is written as the pending state. */
    PreparedCheckpoint prepareCheckpoint(ExtendedSequenceNumber position, byte[] state);

    /** The last committed checkpoint as this checkpointer knows it, or empty when the lease has none yet. */
    Optional<ExtendedSequenceNumber> lastCheckpoint();
}
