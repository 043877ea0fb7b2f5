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

    /** Checks the components (non-null where the record description does not say otherwise). */
    public ShutdownRequestedInput {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(checkpointer, "checkpointer");
    }
}
