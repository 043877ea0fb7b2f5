package io.shardline.kcl;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#initialize} gets.
 *
 * @param shardId           the shard (lease key)
 * @param startingPosition  where processing starts: the lease's checkpoint (records after it are delivered), or the
 *                          application's initial position ({@code TRIM_HORIZON}, {@code LATEST}, {@code AT_TIMESTAMP})
 *                          when the lease has none yet
 * @param state             the application state stored with that checkpoint, or {@code null}
 * @param pendingCheckpoint a prepared (two-phase) checkpoint the previous owner did not commit, or {@code null}
 * @param pendingState      the state stored with {@code pendingCheckpoint}, or {@code null}
 */
public record InitializationInput(String shardId, ExtendedSequenceNumber startingPosition, byte[] state,
        ExtendedSequenceNumber pendingCheckpoint, byte[] pendingState) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public InitializationInput {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(startingPosition, "startingPosition");
        state = state == null ? null : state.clone();
        pendingState = pendingState == null ? null : pendingState.clone();
    }

    /** A copy of the restored state, or {@code null}. */
    @Override
    public byte[] state() {
        return state == null ? null : state.clone();
    }

    /** A copy of the pending state, or {@code null}. */
    @Override
    public byte[] pendingState() {
        return pendingState == null ? null : pendingState.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InitializationInput other && shardId.equals(other.shardId)
                && startingPosition.equals(other.startingPosition) && Arrays.equals(state, other.state)
                && Objects.equals(pendingCheckpoint, other.pendingCheckpoint)
                && Arrays.equals(pendingState, other.pendingState);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Objects.hash(shardId, startingPosition, pendingCheckpoint) + Arrays.hashCode(state))
                + Arrays.hashCode(pendingState);
    }

    @Override
    public String toString() {
        return "InitializationInput[" + shardId + ", startingPosition=" + startingPosition
                + (state == null ? "" : ", state=" + state.length + "B")
                + (pendingCheckpoint == null ? "" : ", pendingCheckpoint=" + pendingCheckpoint) + "]";
    }
}
