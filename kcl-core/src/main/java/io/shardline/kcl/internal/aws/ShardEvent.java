package io.shardline.kcl.internal.aws;

import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.internal.kpl.Deaggregator;
import io.shardline.kcl.retrieval.ChildShard;
import java.util.List;
import java.util.Objects;

/**
 * One event of an enhanced fan-out subscription.
 *
 * @param records                    the Kinesis records, in order, each as a plain record (see
 *                                   {@link RecordsResult#records()})
 * @param plainOnly                  true only when no record is a KPL aggregate (see {@link RecordsResult#plainOnly()})
 * @param continuationSequenceNumber where a new subscription resumes ({@code AFTER_SEQUENCE_NUMBER}); {@code null}
 *                                   at the end of a closed shard
 * @param millisBehindLatest         how far this event is behind the tip of the shard
 * @param childShards                the shards that continue this one; Kinesis sends them only with the shard's
 *                                   last event
 */
public record ShardEvent(List<KinesisClientRecord> records, boolean plainOnly, String continuationSequenceNumber,
        long millisBehindLatest, List<ChildShard> childShards) {

    /** An event whose records are checked for aggregates here (fakes and tests). */
    public ShardEvent(List<KinesisClientRecord> records, String continuationSequenceNumber, long millisBehindLatest,
            List<ChildShard> childShards) {
        this(records, Deaggregator.noneAggregated(records), continuationSequenceNumber, millisBehindLatest,
                childShards);
    }

    public ShardEvent {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        childShards = List.copyOf(Objects.requireNonNull(childShards, "childShards"));
    }

    /** True when the shard is closed and this event holds its last records. */
    public boolean isShardEnd() {
        return continuationSequenceNumber == null || !childShards.isEmpty();
    }
}
