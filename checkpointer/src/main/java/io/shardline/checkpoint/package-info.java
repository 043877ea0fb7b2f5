/**
 * Checkpointing of Kinesis shard progress in the lease table: the sequence-number model
 * ({@link io.shardline.checkpoint.ExtendedSequenceNumber}), the {@link io.shardline.checkpoint.Checkpointer} a record
 * processor sees, fenced writes that turn a lost lease into {@link io.shardline.checkpoint.CheckpointResult.LeaseLost}
 * instead of overwriting the new owner's progress, application state written in the same conditional update, and the
 * automatic {@link io.shardline.checkpoint.CheckpointStrategy strategies} of the per-record handler.
 *
 * <p>Entry point: {@link io.shardline.checkpoint.Checkpointers#fenced}. Implementations live in
 * {@code io.shardline.checkpoint.internal} and are not API; an ArchUnit test keeps it that way.
 */
package io.shardline.checkpoint;
