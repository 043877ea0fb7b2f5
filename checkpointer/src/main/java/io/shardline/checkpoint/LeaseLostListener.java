package io.shardline.checkpoint;

/**
 * Told when a checkpoint write found the lease fenced (another worker owns it now), so the consumer stops fetching
 * and calls the processor's {@code leaseLost}. Called at most once per checkpointer, on the thread that
 * checkpointed; it must return quickly and must not checkpoint. An exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface LeaseLostListener {

    /** A checkpoint of {@code leaseKey} was fenced: another worker owns the lease now. */
    void leaseLost(String leaseKey);

    /** A listener that does nothing. */
    static LeaseLostListener none() {
        return leaseKey -> { };
    }
}
