/**
 * The scheduler's composition root ({@link io.shardline.kcl.internal.scheduler.DefaultScheduler}), the registry that
 * turns lease events into shard consumers, and minimal shard discovery. Not API: use
 * {@link io.shardline.kcl.Scheduler#create}.
 */
package io.shardline.kcl.internal.scheduler;
