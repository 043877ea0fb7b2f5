package io.shardline.kcl.internal.aws;

import io.shardline.lease.HashKeyRange;
import java.util.Objects;

/**
 * A shard as {@code ListShards} describes it.
 *
 * @param shardId                the shard's id
 * @param parentShardId          its parent, or {@code null}
 * @param adjacentParentShardId  its second parent after a merge, or {@code null}
 * @param hashKeyRange           the hash keys it covers
 * @param startingSequenceNumber its first sequence number
 * @param endingSequenceNumber   its last sequence number when closed, else {@code null}
 */
public record ShardDescription(String shardId, String parentShardId, String adjacentParentShardId,
        HashKeyRange hashKeyRange, String startingSequenceNumber, String endingSequenceNumber) {

    public ShardDescription {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(hashKeyRange, "hashKeyRange");
    }

    /** True when the shard was split or merged and takes no more records. */
    public boolean isClosed() {
        return endingSequenceNumber != null;
    }
}
