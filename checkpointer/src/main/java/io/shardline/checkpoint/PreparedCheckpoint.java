package io.shardline.checkpoint;

/**
 * A checkpoint written as the lease's pending checkpoint by {@link Checkpointer#prepareCheckpoint}; {@link #commit()}
 * makes it the committed one (and clears the pending one) in a second fenced write. Same thread rules as the
 * {@link Checkpointer} that made it.
 */
public interface PreparedCheckpoint {

    /** The prepared position. */
    ExtendedSequenceNumber position();

    /**
     * The outcome of the prepare write: {@link CheckpointResult.Ok} when the pending checkpoint was written,
     * {@link CheckpointResult.Stale} or {@link CheckpointResult.LeaseLost} when nothing was written.
     */
    CheckpointResult prepareResult();

    /**
     * Commits the prepared position with the prepared state. When the prepare was not written, returns its result
     * without a write. Returns {@link CheckpointResult.Stale} when a later checkpoint already moved past the position.
     *
     * @throws IllegalStateException when called twice, or when a later {@code prepareCheckpoint} replaced this one
     *                               (committing it would clear the newer pending checkpoint)
     * @throws CheckpointException   when the lease table failed
     */
    CheckpointResult commit();
}
