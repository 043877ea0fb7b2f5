package io.shardline.kcl.internal.aws;

import io.shardline.kcl.retrieval.ChildShard;
import java.util.List;
import java.util.Objects;

/**
 * The answer of one {@code GetRecords} call.
 *
 * @param records            the Kinesis records, in order
 * @param nextShardIterator  the iterator of the next call, or {@code null} when the shard is closed and read to its
 *                           end
 * @param millisBehindLatest how far this answer is behind the tip of the shard
 * @param childShards        the shards that continue this one; reported with the shard's end
 */
public record RecordsResult(List<RawRecord> records, String nextShardIterator, long millisBehindLatest,
        List<ChildShard> childShards) {

    public RecordsResult {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        childShards = List.copyOf(Objects.requireNonNull(childShards, "childShards"));
    }

    /** True when the shard is closed and this answer holds its last records. */
    public boolean isShardEnd() {
        return nextShardIterator == null;
    }
}
