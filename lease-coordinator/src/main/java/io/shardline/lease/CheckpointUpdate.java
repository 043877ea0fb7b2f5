package io.shardline.lease;

/**
 * The checkpoint fields one fenced write sets. Each component is applied as follows:
 *
 * <ul>
 *   <li>{@code checkpoint}: when non-null, becomes the committed checkpoint (and {@code state} is written with it:
 *       null removes the stored state);</li>
 *   <li>{@code pendingCheckpoint}: when non-null, becomes the prepared checkpoint with {@code pendingState};</li>
 *   <li>{@code clearPending}: removes the prepared checkpoint and its state (done on commit).</li>
 * </ul>
 */
public record CheckpointUpdate(
        Checkpoint checkpoint, byte[] state, Checkpoint pendingCheckpoint, byte[] pendingState, boolean clearPending) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public CheckpointUpdate {
        if (checkpoint == null && pendingCheckpoint == null && !clearPending) {
            throw new IllegalArgumentException("a checkpoint update must set a checkpoint, a pending checkpoint,"
                    + " or clear the pending one");
        }
        if (checkpoint == null && state != null) {
            throw new IllegalArgumentException("state can only be written together with a checkpoint");
        }
        if (pendingCheckpoint == null && pendingState != null) {
            throw new IllegalArgumentException("pendingState can only be written together with a pendingCheckpoint");
        }
        if (pendingCheckpoint != null && clearPending) {
            throw new IllegalArgumentException("cannot set and clear the pending checkpoint in one update");
        }
        state = state == null ? null : state.clone();
        pendingState = pendingState == null ? null : pendingState.clone();
    }

    /** Commit {@code checkpoint} with {@code state} (may be null) and clear any prepared checkpoint. */
    public static CheckpointUpdate commit(Checkpoint checkpoint, byte[] state) {
        return new CheckpointUpdate(checkpoint, state, null, null, true);
    }

    /** Prepare (two-phase) {@code pending} with {@code pendingState} without moving the committed checkpoint. */
    public static CheckpointUpdate prepare(Checkpoint pending, byte[] pendingState) {
        return new CheckpointUpdate(null, null, pending, pendingState, false);
    }

    /** A copy of the state to store with the checkpoint, or {@code null}. */
    @Override
    public byte[] state() {
        return state == null ? null : state.clone();
    }

    /** A copy of the state to store with the pending checkpoint, or {@code null}. */
    @Override
    public byte[] pendingState() {
        return pendingState == null ? null : pendingState.clone();
    }
}
