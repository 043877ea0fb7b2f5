package io.shardline.lease;

import java.util.Map;

/**
 * Which leases the leader assigns and counts for balance. A lease that is not eligible is left alone: not
 * assigned when orphaned, not moved, not counted. The consumer layer plugs in "a child shard waits until every
 * parent is finished" here. Called on the coordinator thread; must be fast and must not block.
 */
@FunctionalInterface
public interface LeaseEligibility {

    /**
     * @param lease     the lease in question
     * @param allLeases every lease of the table read in this round, by key (to look up parents)
     */
    boolean isEligible(Lease lease, Map<String, Lease> allLeases);

    /** The default: every lease whose checkpoint is not {@code SHARD_END}. */
    static LeaseEligibility notFinished() {
        return (lease, all) -> lease.checkpoint() == null || !lease.checkpoint().isShardEnd();
    }
}
