package io.shardline.kcl.internal.aws;

import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.internal.kpl.Deaggregator;
import io.shardline.kcl.retrieval.ChildShard;
import java.util.List;
import java.util.Objects;

/**
 * The answer of one {@code GetRecords} call.
 *
 * @param records            the Kinesis records, in order, each as a plain record (a KPL aggregate is one
 *                           record here: the consumer's assembler unpacks it)
 * @param plainOnly          true only when no record starts with the KPL magic bytes: every record is its own user
 *                           record, and the consumer skips the check (the SDK proxy knows it from the bytes it wraps)
 * @param nextShardIterator  the iterator of the next call, or {@code null} when the shard is closed and read to its
 *                           end
 * @param millisBehindLatest how far this answer is behind the tip of the shard
 * @param childShards        the shards that continue this one; reported with the shard's end
 */
public record RecordsResult(List<KinesisClientRecord> records, boolean plainOnly, String nextShardIterator,
        long millisBehindLatest, List<ChildShard> childShards) {

    /** An answer whose records are checked for aggregates here (fakes and tests). */
    public RecordsResult(List<KinesisClientRecord> records, String nextShardIterator, long millisBehindLatest,
            List<ChildShard> childShards) {
        this(records, Deaggregator.noneAggregated(records), nextShardIterator, millisBehindLatest, childShards);
    }

    public RecordsResult {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        childShards = List.copyOf(Objects.requireNonNull(childShards, "childShards"));
    }

    /** True when the shard is closed and this answer holds its last records. */
    public boolean isShardEnd() {
        return nextShardIterator == null;
    }
}
