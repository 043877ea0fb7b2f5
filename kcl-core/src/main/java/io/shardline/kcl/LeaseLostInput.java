package io.shardline.kcl;

import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#leaseLost} gets: no checkpointer, because the lease is gone.
 *
 * @param shardId the shard (lease key)
 */
public record LeaseLostInput(String shardId) {

    public LeaseLostInput {
        Objects.requireNonNull(shardId, "shardId");
    }
}
