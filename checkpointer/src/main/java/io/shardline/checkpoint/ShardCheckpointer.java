package io.shardline.checkpoint;

/**
 * The {@link Checkpointer} of one owned lease, plus the methods the consumer layer (kcl-core) drives. Hand record
 * processors the narrower {@link Checkpointer} view.
 *
 * <p>{@link #recordDelivered} and {@link #shardEnded} must happen-before the processor callback that may checkpoint
 * up to that position (call them on the callback thread, before invoking the processor).
 */
public interface ShardCheckpointer extends Checkpointer, AutoCloseable {

    /**
     * The highest position handed to the processor so far: the limit of what it may checkpoint. A high-water mark:
     * a re-delivery of earlier records (a retried batch) does not lower it.
     *
     * @throws IllegalArgumentException when {@code position} is a sentinel
     */
    void recordDelivered(ExtendedSequenceNumber position);

    /** Every record of the shard was delivered and the shard is closed: {@code SHARD_END} may be checkpointed now. */
    void shardEnded();

    /** True once a write found the lease fenced; every later checkpoint returns LEASE_LOST without a write. */
    boolean isLeaseLost();

    /**
     * Stops this checkpointer: later calls throw {@link IllegalStateException}, per-shard meters are removed from
     * the registry. Idempotent.
     */
    @Override
    void close();
}
