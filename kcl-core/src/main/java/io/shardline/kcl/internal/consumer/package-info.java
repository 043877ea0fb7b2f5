/**
 * Shard consumers: one {@link io.shardline.kcl.internal.consumer.ShardConsumer} per lease this worker holds, running
 * the application's {@link io.shardline.kcl.ShardRecordProcessor} through an explicit lifecycle
 * ({@link io.shardline.kcl.internal.consumer.ConsumerState}, legal moves in its table, one {@code transitionTo}).
 *
 * <pre>
 *   Acquired(lease)
 *        |
 *        v
 *  +--------------------+  parents finished (SHARD_END or no lease)  +--------------+  initialize()  +------------+
 *  | WAITING_ON_PARENTS |------------------------------------------->| INITIALIZING |--------------->| PROCESSING |
 *  +--------------------+   (re-read every parentShardPollInterval)  +--------------+   returned     +------------+
 *        |                                                         (retried on throw)|      | processRecords(batch)
 *        | lease already SHARD_END, or lost /                                        |      | per fetched batch,
 *        | handoff before a processor existed                        stop requested  |      | FailurePolicy on throw
 *        |                                                                           v      v
 *        |                                                                     +---------------+
 *        |                 reason:  SHARD_END  -> shardEnded(); SHARD_END      | SHUTTING_DOWN |
 *        |                                        checkpointed (by the         +---------------+
 *        |                                        consumer if the processor            |
 *        |                                        did not); children's leases         |
 *        |                          LEASE_LOST -> leaseLost(); no checkpoint           |
 *        |                          REQUESTED  -> shutdownRequested(); the             |
 *        |                                        processor checkpoints                |
 *        |                                                                             v
 *        |                                                                   +-------------------+
 *        +------------------------------------------------------------------>| SHUTDOWN_COMPLETE |
 *                                                                            +-------------------+
 *                           then: REQUESTED -> coordinator.completeHandoff(lease); fenced -> reportFenced(lease)
 * </pre>
 *
 * <p><b>Threads.</b> A consumer's steps run one at a time on its serial executor over the scheduler's shared, bounded
 * processing pool ({@code shardline-process-N}): callbacks of one shard never overlap, no shard owns a thread, and a
 * slow processor holds one pool thread only. Steps are driven by events, never by a polling loop: the fetcher's
 * data signal, lease events from the coordinator thread (which only post and return), the checkpointer's fenced
 * signal, and timers (backoff, parent re-check) that only post.
 *
 * <p><b>Failures of processRecords.</b> {@link io.shardline.kcl.internal.consumer.BatchRunner} runs each batch under
 * the application's {@link io.shardline.kcl.FailurePolicy}: retries with backoff, bisection, then dead letters or a
 * stopped shard (the consumer stays in {@code PROCESSING} without a fetcher, holding the lease, until it is stopped).
 *
 * <p><b>Stop requests.</b> {@code LEASE_LOST} wins over {@code REQUESTED}. Both close the fetcher at once (buffered
 * batches are dropped; the next owner starts after the checkpoint) and take effect after the current callback.
 */
package io.shardline.kcl.internal.consumer;
