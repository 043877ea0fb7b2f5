package io.shardline.kcl;

import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#leaseLost} gets: no checkpointer, because the lease is gone.
 *
 * @param shardId the shard (lease key)
 */
public record LeaseLostInput(String shardId) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public LeaseLostInput {
        Objects.requireNonNull(shardId, "shardId");
    }
}
