package io.shardline.kcl.internal.consumer;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.StartingPosition;
import io.shardline.lease.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a consumer starts reading: after the lease's checkpoint when it has one (exact to the user record inside a KPL
 * aggregate), else at the application's initial position.
 */
final class StartPositions {

    private static final Logger LOG = LoggerFactory.getLogger(StartPositions.class);

    private StartPositions() {
    }

    /** The starting-position sentinel of {@code initial}: what a checkpointer of a lease without checkpoint holds. */
    static ExtendedSequenceNumber sentinelOf(StartingPosition initial) {
        switch (initial.kind()) {
            case TRIM_HORIZON:
                return ExtendedSequenceNumber.trimHorizon();
            case LATEST:
                return ExtendedSequenceNumber.latest();
            case AT_TIMESTAMP:
                return ExtendedSequenceNumber.atTimestamp();
            default:
                throw new IllegalArgumentException("not an initial position: " + initial);
        }
    }

    /** What the processor's {@code initialize} gets for {@code lease}. */
    static InitializationInput initializationInput(Lease lease, StartingPosition initial) {
        return new InitializationInput(lease.leaseKey(), startingSequence(lease, initial), lease.state(),
                lease.pendingCheckpoint() == null ? null
                        : ExtendedSequenceNumber.fromCheckpoint(lease.pendingCheckpoint()),
                lease.pendingState());
    }

    /** The position processing starts from, as the processor sees it in {@code initialize}. */
    static ExtendedSequenceNumber startingSequence(Lease lease, StartingPosition initial) {
        return lease.checkpoint() != null
                ? ExtendedSequenceNumber.fromCheckpoint(lease.checkpoint()) : sentinelOf(initial);
    }

    /**
     * Where the fetcher starts.
     *
     * @throws IllegalArgumentException when the lease's checkpoint is {@code SHARD_END} (nothing to read)
     */
    static StartingPosition fetchPosition(Lease lease, StartingPosition initial) {
        if (lease.checkpoint() == null) {
            return initial;
        }
        ExtendedSequenceNumber checkpoint = ExtendedSequenceNumber.fromCheckpoint(lease.checkpoint());
        if (!checkpoint.isSentinel()) {
            return StartingPosition.afterSequenceNumber(checkpoint);
        }
        if (checkpoint.sentinel().orElseThrow() == ExtendedSequenceNumber.Sentinel.AT_TIMESTAMP) {
            if (initial.kind() != StartingPosition.Kind.AT_TIMESTAMP) {
                // The timestamp is configuration, not part of the checkpoint (KCL writes the same sentinel).
                LOG.warn("Lease {} has checkpoint AT_TIMESTAMP but the initial position is {}: starting there",
                        lease.leaseKey(), initial);
            }
            return initial;
        }
        return StartingPosition.fromCheckpoint(checkpoint, initial.timestamp());
    }
}
