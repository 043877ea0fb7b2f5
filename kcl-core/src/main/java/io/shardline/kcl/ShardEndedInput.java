package io.shardline.kcl;

import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#shardEnded} gets.
 *
 * @param shardId      the shard (lease key)
 * @param checkpointer {@code checkpointer.checkpoint()} writes {@code SHARD_END} now
 */
public record ShardEndedInput(String shardId, RecordCheckpointer checkpointer) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public ShardEndedInput {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(checkpointer, "checkpointer");
    }
}
