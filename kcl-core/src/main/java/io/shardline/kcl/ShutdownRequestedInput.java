package io.shardline.kcl;

import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#shutdownRequested} gets.
 *
 * @param shardId      the shard (lease key)
 * @param checkpointer checkpoint here to hand the shard over without duplicates; {@code checkpointer.checkpoint()}
 *                     marks every record delivered so far as processed
 */
public record ShutdownRequestedInput(String shardId, RecordCheckpointer checkpointer) {

    public ShutdownRequestedInput {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(checkpointer, "checkpointer");
    }
}
