package io.shardline.kcl;

/**
 * Processes the records of one shard for as long as this worker holds the shard's lease. A
 * {@link ShardRecordProcessorFactory} creates one instance per shard lease acquired; the instance is never reused for
 * another shard or for a later lease of the same shard.
 *
 * <p><b>Threads.</b> Every callback of one processor runs on a thread of the scheduler's processing pool
 * ({@code shardline-process-N}), never two at a time and always in this order: {@link #initialize} once, then
 * {@link #processRecords} any number of times, then exactly one of {@link #leaseLost}, {@link #shardEnded} or
 * {@link #shutdownRequested}. Consecutive callbacks may run on different pool threads, with a happens-before edge
 * between them, so the processor needs no synchronization of its own. Callbacks of different shards run in parallel.
 * A callback may block (it holds one pool thread while it does, and slows only its own shard as long as the pool has
 * threads left); the SLF4J MDC holds {@code workerId}, {@code shardId} and {@code leaseKey} during every callback.
 *
 * <p><b>Exceptions.</b> Every exception is logged and counted ({@code shardline.processor.errors}). One thrown by
 * {@link #processRecords} is handled by the application's {@link FailurePolicy}: the batch is retried with backoff,
 * then bisected (the processor then gets parts of the batch, in order) to isolate the failing record, which is then
 * dead-lettered or stops the shard. A processor that knows which records failed throws
 * {@link PartialBatchFailureException}: only the lowest failure and what follows are retried. So a processor sees a
 * record again only when a call that held it threw. One thrown by {@link #initialize} or {@link #shardEnded} is retried
 * with the same input after the policy's backoff until the call returns, or until the lease is lost or handed off. One
 * thrown by {@link #leaseLost} or {@link #shutdownRequested} is logged and counted; the shutdown goes on.
 *
 * <p><b>Delivery.</b> Records of the shard arrive in order, each once per lease, at least once overall: after a
 * failover the next owner starts after the last checkpoint, so records processed but not yet checkpointed are
 * processed again. A graceful handoff ({@link #shutdownRequested}) loses nothing and repeats nothing when the processor
 * checkpoints there.
 */
public interface ShardRecordProcessor {

    /**
     * Called once before any record. The processor may restore the state stored with the checkpoint it starts after
     * ({@link InitializationInput#state()}) and reconcile a pending two-phase checkpoint. Must not checkpoint (it has
     * no checkpointer yet); may block, for example to load a model.
     */
    void initialize(InitializationInput input);

    /**
     * Processes one batch: the next records of the shard, in order. The processor may checkpoint through
     * {@link ProcessRecordsInput#checkpointer()} at any record of this batch or of earlier ones, or not at all (then
     * a later checkpoint, or the next owner, covers the records). A checkpoint that returns
     * {@link io.shardline.checkpoint.CheckpointResult.LeaseLost} means another worker owns the shard now: stop
     * working on the batch and return; {@link #leaseLost} follows.
     */
    void processRecords(ProcessRecordsInput input);

    /**
     * Whether {@link #processRecords} is also called with an empty list when a fetch brings nothing new (about once
     * per {@code RetrievalConfig.idleInterval} on a caught-up polling shard; an empty event under enhanced fan-out),
     * so a processor can act on time while its shard is idle (checkpoint what it buffered, flush). False by default;
     * {@code ConsumerConfig.callProcessRecordsEvenForEmptyRecordList(true)} (KCL's name) turns it on for every
     * processor. Read once per processor, right after it is created.
     */
    default boolean processEmptyBatches() {
        return false;
    }

    /**
     * The lease is gone (another worker took it over, the lease row was deleted, a checkpoint was fenced, or this
     * worker stopped). Must <b>not</b> checkpoint (there is no checkpointer; the lease belongs to someone else, who
     * restarts after the last checkpoint). Release resources and return.
     */
    void leaseLost(LeaseLostInput input);

    /**
     * Every record of the shard was delivered and the shard is closed (split or merged). The processor must flush what
     * it holds and checkpoint {@code SHARD_END} with {@code input.checkpointer().checkpoint()}: that is what lets the
     * shard's children start. <b>If it returns without having checkpointed {@code SHARD_END}, the consumer checkpoints
     * it itself</b> (so a processor that forgets does not block the children forever); a processor that needs more
     * time must not return, or must throw to be called again.
     */
    void shardEnded(ShardEndedInput input);

    /**
     * This worker hands the lease to another worker (load balancing, or this worker shuts down gracefully). Fetching
     * has stopped and the previous batch is done. Checkpoint what was processed now, with
     * {@code input.checkpointer()}: the next owner starts exactly after that checkpoint, so the move causes no
     * duplicates. Without a checkpoint here the next owner re-processes from the last one.
     */
    void shutdownRequested(ShutdownRequestedInput input);
}
