package io.shardline.kcl;

/**
 * Creates the {@link ShardRecordProcessor} of each shard lease this worker acquires: a new instance every time. Called
 * on a processing thread right before {@link ShardRecordProcessor#initialize}; must be thread-safe (calls for different
 * shards may run in parallel). An exception is logged and the creation retried like a failed {@code initialize}.
 */
@FunctionalInterface
public interface ShardRecordProcessorFactory {

    /**
     * @param shardId the shard the processor will read (the lease key)
     * @return a new processor; never shared between shards
     */
    ShardRecordProcessor create(String shardId);
}
