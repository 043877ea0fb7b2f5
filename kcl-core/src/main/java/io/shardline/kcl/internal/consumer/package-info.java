/**
 * Shard consumers: one {@link io.shardline.kcl.internal.consumer.ShardConsumer} per lease this worker holds, running
 * the application's {@link io.shardline.kcl.ShardRecordProcessor} through explicit phases
 * ({@link io.shardline.kcl.internal.consumer.ConsumerPhase}, a sealed interface whose records carry their data; legal
 * moves in its table, one {@code transitionTo}; the coarse {@link io.shardline.kcl.internal.consumer.ConsumerState} of
 * each phase is what metrics, status items and tests see).
 *
 * <pre>
 *   Acquired(lease)
 *        |
 *        v
 *  +----------------------+ parents finished  +-----------------------+ initialize()  +-------------------+
 *  | WaitingOnParents     |------------------>| Initializing          |-------------->| Processing(run)   |
 *  |  (announced)         | (re-read every    |  (leaseReread, run)   |  returned     +-------------------+
 *  +----------------------+  parentShard-     +-----------------------+                 |   | processRecords(batch)
 *        |                   PollInterval)     lease re-read once, processor created;    |   | per fetched batch,
 *        |                                     each retried after a backoff              |   | BatchPlan on throw
 *        | lease already SHARD_END,                     | stop requested / fenced        |   |
 *        | or a stop before a processor existed         v                                |   | last batch of a
 *        |                                     +-------------------------+  stop /       |   | closed shard
 *        |                                     | Stopping(reason, run)   |<--------------+   v
 *        |                                     +-------------------------+  fenced    +---------------------------+
 *        |        LEASE_LOST -> leaseLost(); no checkpoint      |                      | EndingShard(run, step)    |
 *        |        REQUESTED  -> shutdownRequested(); the        |                      |  CREATE_CHILDREN ->       |
 *        |                      processor checkpoints           |                      |  NOTIFY_PROCESSOR         |
 *        |                      (leaseLost past the fence       |                      |   (shardEnded()) ->       |
 *        |                       deadline)                      |                      |  CHECKPOINT (SHARD_END)   |
 *        |                                                      v                      +---------------------------+
 *        |                                            +------------------+   shard end done, or lost |
 *        +------------------------------------------->| Done(reason)     |<--------------------------+
 *                                                     +------------------+   (leaseLost unless told the end)
 *                           then: REQUESTED -> coordinator.completeHandoff(lease); fenced -> reportFenced(lease)
 * </pre>
 *
 * <p>Coarse states: {@code WaitingOnParents = WAITING_ON_PARENTS}, {@code Initializing = INITIALIZING},
 * {@code Processing = PROCESSING}, {@code EndingShard} and {@code Stopping = SHUTTING_DOWN}, {@code Done =
 * SHUTDOWN_COMPLETE}. A phase may be replaced by one of the same kind with new data where the table allows it
 * ({@code WaitingOnParents}, {@code Initializing}, {@code EndingShard}); that is logged at DEBUG, a change of kind at INFO.
 *
 * <p><b>Who does what.</b> {@code ShardConsumer} takes the events and dispatches each {@code step(now)} by phase to one
 * class per concern, all confined to the consumer's serial executor:
 *
 * <pre>
 *   ShardConsumer  (events, step(now) -> by phase)
 *     WaitingOnParents, Initializing -> ProcessorStart   parents, lease re-read, create, initialize, fetcher started
 *     Processing                     -> RecordDelivery   poll, processRecords via BatchRunner, failed fetcher restarted
 *     EndingShard                    -> ShardEnd         CREATE_CHILDREN -> NOTIFY_PROCESSOR -> CHECKPOINT
 *     Stopping, Done                 -> ConsumerStop     last callback, fence-deadline check, close, tell coordinator
 *   ConsumerLifecycle  the phase + stop request; transitionTo, the only way to change phase
 *   ShardFetcher       the fetcher handle (closed by stop requests from any thread)
 *   ConsumerSteps      safe processor calls, backoff bookkeeping, timed re-steps, lineage chores
 * </pre>
 *
 * <p><b>Threads and time.</b> A consumer is stepped like the coordinator is polled: every step is
 * {@code step(now)} with the worker's monotonic time ({@code ConsumerContext.time()}), posted to the consumer's
 * {@link io.shardline.kcl.internal.concurrent.SerialExecutor} over the scheduler's shared, bounded processing pool
 * ({@code shardline-process-N}): callbacks of one shard never overlap, no shard owns a thread, and a slow processor
 * holds one pool thread only. Steps are driven by events, never by a polling loop: the fetcher's data signal, lease
 * events from the coordinator thread (which only record a stop request and post), the checkpointer's fenced signal,
 * and the context's timer (backoff, parent re-check) whose tasks only post. No step waits for another task, so the
 * consumer runs as well on a single-threaded virtual-time executor.
 *
 * <p><b>Failures of processRecords.</b> {@link io.shardline.kcl.internal.consumer.BatchRunner} runs each batch under
 * the application's {@link io.shardline.kcl.FailurePolicy}, performing the decisions of the pure
 * {@link io.shardline.kcl.internal.consumer.BatchPlan} ({@code Invoke | Backoff | GiveUp | Done}): retries with backoff,
 * bisection, then dead letters or a stopped shard (the consumer stays in {@code Processing} without a fetcher, holding
 * the lease, until it is stopped).
 *
 * <p><b>Stop requests.</b> One atomic request, the stronger winning: {@code FENCED} (a fenced checkpoint, the lease
 * under another token, the fence deadline) over {@code LEASE_LOST} over {@code REQUESTED}. All close the fetcher at
 * once (buffered batches are dropped; the next owner starts after the checkpoint) and take effect after the current
 * callback.
 */
package io.shardline.kcl.internal.consumer;
