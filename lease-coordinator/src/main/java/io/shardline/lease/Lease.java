package io.shardline.lease;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable snapshot of one row of the lease table.
 *
 * <p>Attribute names in DynamoDB follow Amazon KCL's ({@code leaseKey}, {@code leaseOwner}, {@code leaseCounter},
 * {@code checkpoint}, ...), so a table written by KCL 2.x/3.x is read with its checkpoints intact. This module
 * knows nothing about Kinesis: checkpoints are opaque {@link Checkpoint} values here.
 *
 * @param leaseKey                     the row key (a shard id, or {@code stream:shardId} in multi-stream mode)
 * @param owner                        the worker holding the lease, or {@code null} when unowned
 * @param counter                      the fencing epoch ({@code leaseCounter}); every change of owner increments it
 * @param checkpoint                   the committed position, or {@code null} when none was written yet
 * @param pendingCheckpoint            a prepared (two-phase) position, or {@code null}
 * @param ownerSwitchesSinceCheckpoint how many times the owner changed since the last checkpoint
 * @param parentLeaseKeys              parents in the shard lineage ({@code parentShardId})
 * @param childLeaseKeys               children in the shard lineage ({@code childShardIds})
 * @param hashKeyRange                 the hash-key range of the shard, or {@code null} when unknown
 * @param pendingOwner                 the worker a graceful handoff moves this lease to, or {@code null}
 * @param state                        application state stored with the checkpoint, or {@code null}
 * @param pendingState                 application state stored with the pending checkpoint, or {@code null}
 */
public record Lease(
        String leaseKey,
        String owner,
        long counter,
        Checkpoint checkpoint,
        Checkpoint pendingCheckpoint,
        long ownerSwitchesSinceCheckpoint,
        Set<String> parentLeaseKeys,
        Set<String> childLeaseKeys,
        HashKeyRange hashKeyRange,
        String pendingOwner,
        byte[] state,
        byte[] pendingState) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public Lease {
        Objects.requireNonNull(leaseKey, "leaseKey");
        if (leaseKey.isBlank()) {
            throw new IllegalArgumentException("leaseKey must not be blank");
        }
        if (counter < 0) {
            throw new IllegalArgumentException("counter must be >= 0 for lease " + leaseKey + ", was " + counter);
        }
        parentLeaseKeys = parentLeaseKeys == null ? Set.of() : Set.copyOf(parentLeaseKeys);
        childLeaseKeys = childLeaseKeys == null ? Set.of() : Set.copyOf(childLeaseKeys);
        state = state == null ? null : state.clone();
        pendingState = pendingState == null ? null : pendingState.clone();
    }

    /** A new, unowned lease with no checkpoint. */
    public static Lease unowned(String leaseKey) {
        return new Lease(leaseKey, null, 0, null, null, 0, Set.of(), Set.of(), null, null, null, null);
    }

    /** The fencing token of the current owner: what a conditional write must still match. */
    public LeaseToken token() {
        return new LeaseToken(leaseKey, owner, counter);
    }

    /** True when a worker owns the lease. */
    public boolean isOwned() {
        return owner != null;
    }

    /** True when {@code workerId} owns the lease. */
    public boolean isOwnedBy(String workerId) {
        return owner != null && owner.equals(workerId);
    }

    /** True when a handoff to a pending owner was requested and not completed. */
    public boolean hasPendingHandoff() {
        return pendingOwner != null;
    }

    /** A copy of the application state stored with the checkpoint, or {@code null}. */
    @Override
    public byte[] state() {
        return state == null ? null : state.clone();
    }

    /** A copy of the state stored with the pending checkpoint, or {@code null}. */
    @Override
    public byte[] pendingState() {
        return pendingState == null ? null : pendingState.clone();
    }

    /** This lease with another owner ({@code null}: unowned). */
    public Lease withOwner(String newOwner) {
        return new Lease(leaseKey, newOwner, counter, checkpoint, pendingCheckpoint, ownerSwitchesSinceCheckpoint,
                parentLeaseKeys, childLeaseKeys, hashKeyRange, pendingOwner, state, pendingState);
    }

    /** This lease with another lease counter. */
    public Lease withCounter(long newCounter) {
        return new Lease(leaseKey, owner, newCounter, checkpoint, pendingCheckpoint, ownerSwitchesSinceCheckpoint,
                parentLeaseKeys, childLeaseKeys, hashKeyRange, pendingOwner, state, pendingState);
    }

    /** This lease with another checkpoint. */
    public Lease withCheckpoint(Checkpoint newCheckpoint) {
        return new Lease(leaseKey, owner, counter, newCheckpoint, pendingCheckpoint, ownerSwitchesSinceCheckpoint,
                parentLeaseKeys, childLeaseKeys, hashKeyRange, pendingOwner, state, pendingState);
    }

    /** This lease with its parent and child shards and hash-key range. */
    public Lease withLineage(Set<String> parents, Set<String> children, HashKeyRange range) {
        return new Lease(leaseKey, owner, counter, checkpoint, pendingCheckpoint, ownerSwitchesSinceCheckpoint,
                parents, children, range, pendingOwner, state, pendingState);
    }

    /** This lease with another pending owner ({@code null}: no handoff). */
    public Lease withPendingOwner(String newPendingOwner) {
        return new Lease(leaseKey, owner, counter, checkpoint, pendingCheckpoint, ownerSwitchesSinceCheckpoint,
                parentLeaseKeys, childLeaseKeys, hashKeyRange, newPendingOwner, state, pendingState);
    }

    /** This lease with another count of owner switches since the last checkpoint. */
    public Lease withOwnerSwitchesSinceCheckpoint(long switches) {
        return new Lease(leaseKey, owner, counter, checkpoint, pendingCheckpoint, switches,
                parentLeaseKeys, childLeaseKeys, hashKeyRange, pendingOwner, state, pendingState);
    }

    /** This lease with another application state (copied). */
    public Lease withState(byte[] newState) {
        return new Lease(leaseKey, owner, counter, checkpoint, pendingCheckpoint, ownerSwitchesSinceCheckpoint,
                parentLeaseKeys, childLeaseKeys, hashKeyRange, pendingOwner, newState, pendingState);
    }

    /** This lease with another pending (prepared) checkpoint and its state (copied). */
    public Lease withPendingCheckpoint(Checkpoint newPending, byte[] newPendingState) {
        return new Lease(leaseKey, owner, counter, checkpoint, newPending, ownerSwitchesSinceCheckpoint,
                parentLeaseKeys, childLeaseKeys, hashKeyRange, pendingOwner, state, newPendingState);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Lease other)) {
            return false;
        }
        return counter == other.counter
                && ownerSwitchesSinceCheckpoint == other.ownerSwitchesSinceCheckpoint
                && leaseKey.equals(other.leaseKey)
                && Objects.equals(owner, other.owner)
                && Objects.equals(checkpoint, other.checkpoint)
                && Objects.equals(pendingCheckpoint, other.pendingCheckpoint)
                && parentLeaseKeys.equals(other.parentLeaseKeys)
                && childLeaseKeys.equals(other.childLeaseKeys)
                && Objects.equals(hashKeyRange, other.hashKeyRange)
                && Objects.equals(pendingOwner, other.pendingOwner)
                && Arrays.equals(state, other.state)
                && Arrays.equals(pendingState, other.pendingState);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(leaseKey, owner, counter, checkpoint, pendingCheckpoint, ownerSwitchesSinceCheckpoint,
                parentLeaseKeys, childLeaseKeys, hashKeyRange, pendingOwner);
        return 31 * (31 * h + Arrays.hashCode(state)) + Arrays.hashCode(pendingState);
    }

    @Override
    public String toString() {
        return "Lease{" + leaseKey + ", owner=" + owner + ", counter=" + counter + ", checkpoint=" + checkpoint
                + (pendingOwner == null ? "" : ", pendingOwner=" + pendingOwner)
                + (parentLeaseKeys.isEmpty() ? "" : ", parents=" + parentLeaseKeys)
                + (state == null ? "" : ", state=" + state.length + "B") + "}";
    }
}
