package io.shardline.kcl.internal.consumer;

/** Why a shard consumer shut down; decides the processor's last callback and what the coordinator is told. */
public enum ShutdownReason {
    /** Every record of the closed shard was processed: {@code shardEnded}, then {@code SHARD_END} is checkpointed. */
    SHARD_END,
    /** The lease is gone (event from the coordinator, or a fenced checkpoint): {@code leaseLost}, no checkpoint. */
    LEASE_LOST,
    /** A graceful handoff (balancing or shutdown): {@code shutdownRequested}, then the handoff is completed. */
    REQUESTED
}
