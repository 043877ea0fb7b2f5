package io.shardline.checkpoint;

import io.shardline.lease.Lease;

/**
 * Makes the {@link ShardCheckpointer} of each lease a worker acquires. One per application (built once in the
 * composition root by {@link Checkpointers#fenced}); thread-safe.
 */
public interface CheckpointerFactory {

    /**
     * A checkpointer fenced on {@code lease.token()}.
     *
     * @param lease           the lease as read after this worker acquired it: its token, committed checkpoint and
     *                        state are one consistent snapshot (only this worker can write under that token)
     * @param initialPosition where the consumer starts reading when the lease has no checkpoint yet (usually a
     *                        starting sentinel); ignored when it has one
     * @param onLeaseLost     told once when a write finds the lease fenced
     * @throws IllegalArgumentException when the lease is unowned, or {@code initialPosition} is {@code SHARD_END}
     */
    ShardCheckpointer create(Lease lease, ExtendedSequenceNumber initialPosition, LeaseLostListener onLeaseLost);
}
