package io.shardline.kcl.internal.consumer;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.retrieval.ChildShard;
import io.shardline.lease.Checkpoint;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseEligibility;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Shard lineage rules: a shard's records go to a processor only after every parent is finished, so each partition
 * key's records stay in order across splits and merges. A parent counts as finished when its lease checkpoint is
 * {@code SHARD_END}, or when it has no lease at all (it was never consumed: trimmed, or closed before the application
 * started at {@code LATEST}).
 */
public final class Lineage {

    private Lineage() {
    }

    /** True when every record of the lease's shard was processed ({@code SHARD_END}). */
    public static boolean isFinished(Lease lease) {
        return lease.checkpoint() != null && lease.checkpoint().isShardEnd();
    }

    /** True when every parent of {@code lease}, looked up with {@code lookup}, is finished or absent. */
    public static boolean parentsFinished(Lease lease, Function<String, Optional<Lease>> lookup) {
        for (String parent : lease.parentLeaseKeys()) {
            Optional<Lease> parentLease = lookup.apply(parent);
            if (parentLease.isPresent() && !isFinished(parentLease.get())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The coordinator's eligibility: a lease is assigned (and counted for balance) only while it is not finished and
     * all its parents are, and when {@code also} agrees (the application's own rule).
     */
    public static LeaseEligibility eligibility(LeaseEligibility also) {
        Objects.requireNonNull(also, "also");
        return (lease, all) -> !isFinished(lease)
                && parentsFinished(lease, key -> Optional.ofNullable(all.get(key)))
                && also.isEligible(lease, all);
    }

    /**
     * The lease of a child shard reported at the end of its parent: parents recorded, and checkpoint
     * {@code TRIM_HORIZON} so the child is read from its first record whatever the application's initial position
     * (records written to it between the reshard and its first read are not skipped).
     */
    public static Lease childLease(ChildShard child) {
        return Lease.unowned(child.shardId())
                .withLineage(new HashSet<>(child.parentShardIds()), Set.of(), child.hashKeyRange())
                .withCheckpoint(trimHorizonCheckpoint());
    }

    /** {@code TRIM_HORIZON} as a lease checkpoint. */
    public static Checkpoint trimHorizonCheckpoint() {
        return ExtendedSequenceNumber.trimHorizon().toCheckpoint();
    }
}
