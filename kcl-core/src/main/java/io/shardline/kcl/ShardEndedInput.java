package io.shardline.kcl;

import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#shardEnded} gets.
 *
 * @param shardId      the shard (lease key)
 * @param checkpointer {@code checkpointer.checkpoint()} writes {@code SHARD_END} now
 */
public record ShardEndedInput(String shardId, RecordCheckpointer checkpointer) {

    public ShardEndedInput {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(checkpointer, "checkpointer");
    }
}
