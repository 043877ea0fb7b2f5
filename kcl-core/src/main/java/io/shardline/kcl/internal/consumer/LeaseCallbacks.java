package io.shardline.kcl.internal.consumer;

import java.util.Collection;

/** What a shard consumer tells the lease coordinator when it finished. Non-blocking; any thread. */
public interface LeaseCallbacks {

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
