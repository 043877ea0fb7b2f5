package io.shardline.kcl.retrieval;

import io.shardline.lease.HashKeyRange;
import java.util.List;
import java.util.Objects;

/**
 * A shard that continues a closed one after a split or merge, as Kinesis reports it at the end of its parent.
 *
 * @param shardId        the child shard's id
 * @param parentShardIds its parents: one after a split, two after a merge
 * @param hashKeyRange   the hash keys the child covers
 */
public record ChildShard(String shardId, List<String> parentShardIds, HashKeyRange hashKeyRange) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public ChildShard {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(hashKeyRange, "hashKeyRange");
        parentShardIds = List.copyOf(Objects.requireNonNull(parentShardIds, "parentShardIds"));
    }
}
