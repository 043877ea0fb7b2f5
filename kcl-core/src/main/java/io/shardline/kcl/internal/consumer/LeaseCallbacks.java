package io.shardline.kcl.internal.consumer;

/** What a shard consumer tells the lease coordinator when it finished. Non-blocking; any thread. */
public interface LeaseCallbacks {

    /** The processor checkpointed after a handoff request: move the lease now. */
    void handoffCompleted(String leaseKey);

    /** A checkpoint of the lease came back fenced: drop it and re-read this worker's leases. */
    void fenced(String leaseKey);
}
