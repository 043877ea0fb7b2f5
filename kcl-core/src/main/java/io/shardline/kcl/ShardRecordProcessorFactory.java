package io.shardline.kcl;

/**
 * Creates the {@link ShardRecordProcessor} of each shard lease this worker acquires: a new instance every time. Called
 * on a processing thread right before {@link ShardRecordProcessor#initialize}; must be thread-safe (calls for different
 * shards may run in parallel). An exception is logged and the creation retried like a failed {@code initialize}.
 */
@FunctionalInterface
public interface ShardRecordProcessorFactory {

    /**
     * A new processor for {@code shardId}.
     *
     * @param shardId the shard the processor will read (the lease key)
     * @return a new processor; never shared between shards
     */
    ShardRecordProcessor create(String shardId);

    /**
     * A new processor for the shard of {@code context}: what the scheduler calls. By default
     * {@code create(context.shardId())}; override it to give the processor its stream, lease and worker.
     *
     * @param context the shard, its stream and lease, this worker
     * @return a new processor; never shared between shards
     */
    default ShardRecordProcessor create(ShardContext context) {
        return create(context.shardId());
    }
}
