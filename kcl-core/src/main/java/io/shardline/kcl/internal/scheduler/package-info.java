/**
 * The scheduler's composition root ({@link io.shardline.kcl.internal.scheduler.DefaultScheduler}: wiring and the
 * lifecycle state), the registry that turns lease events into shard consumers, and minimal shard discovery. Not API:
 * use {@link io.shardline.kcl.Scheduler#create}.
 *
 * <pre>
 *   DefaultScheduler  wiring; NEW -> RUNNING -> SHUTTING_DOWN -> STOPPED; start() bootstraps the tables
 *     SchedulerComponents.production  resilient DynamoDB stores, fetchers, ListShards, start-up check from the config
 *     SchedulerThreads       processing pool, consumer timer, shard-sync thread (from the WorkerRuntime)
 *     ConsumerFactory        the shared ConsumerContext (multi-stream: per stream) -> ShardConsumer
 *     ConsumerRegistry       lease events -> one consumer per owned lease
 *     CoordinatorCallbacks   consumers -> coordinator (handoff done, fenced, fence deadline, shard finished)
 *     ShardSyncTasks         first sync at start; periodic sync, coverage check, tracker poll on the sync thread
 *     WorkerStatus           coordinator meters, the status item (StatusPublisher)
 *     SchedulerStop          graceful shutdown (handoffs, then consumers and threads) and close()
 * </pre>
 */
package io.shardline.kcl.internal.scheduler;
