/**
 * Consuming a Kinesis stream: the {@link io.shardline.kcl.Scheduler} built from a
 * {@link io.shardline.kcl.ConsumerConfig}, the processor SPI ({@link io.shardline.kcl.ShardRecordProcessor}, one
 * input object per callback, and its {@link io.shardline.kcl.ShardRecordProcessorFactory}), the simple per-record
 * {@link io.shardline.kcl.RecordHandler} with automatic checkpoints ({@link io.shardline.kcl.RecordHandlers}), the
 * record type {@link io.shardline.kcl.KinesisClientRecord} and {@link io.shardline.kcl.StartingPosition}. Retrieval
 * settings are in {@code io.shardline.kcl.retrieval}; meter names in {@link io.shardline.kcl.SchedulerMetrics}. What
 * happens when a processor throws is the {@link io.shardline.kcl.FailurePolicy} (retry, bisect, dead-letter or stop;
 * partial failures with {@link io.shardline.kcl.PartialBatchFailureException}); dead-letter sinks are in
 * {@code io.shardline.kcl.deadletter}.
 *
 * <p>Implementations live in {@code io.shardline.kcl.internal} and are not API.
 */
package io.shardline.kcl;
