package io.shardline.kcl.internal.consumer;

import java.util.Collection;

/** What a shard consumer tells (and asks) the lease coordinator. Non-blocking; any thread. */
public interface LeaseCallbacks {

    /**
     * Whether this worker is past its self-fence deadline now (on the monotonic clock): no heartbeat succeeded for
     * {@code failoverTimeout - selfFenceMargin}, so peers may soon take its leases. Checked before every processor
     * callback: past it, nothing more is delivered (see {@code LeaseCoordinator#isPastFenceDeadline}). Cheap; false
     * by default (no coordinator).
     */
    default boolean isPastFenceDeadline() {
        return false;
    }

    /** The processor checkpointed after a handoff request: move the lease now. */
    void handoffCompleted(String leaseKey);

    /** A checkpoint of the lease came back fenced: drop it and re-read this worker's leases. */
    void fenced(String leaseKey);

    /**
     * The shard's {@code SHARD_END} is checkpointed: its children (leases already created) may be assignable now, so
     * assign them at once instead of at the leader's next scan.
     */
    void shardFinished(String leaseKey, Collection<String> childLeaseKeys);
}
