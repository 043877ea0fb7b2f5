package io.shardline.kcl.retrieval;

import io.shardline.kcl.KinesisClientRecord;
import java.util.List;
import java.util.Objects;

/**
 * What one fetch produced for one shard, handed to the shard consumer by {@link RecordFetcher#poll()}.
 *
 * <p>Three shapes, told apart by {@link #shardEnded()} and {@link #failure()}:
 * <ul>
 *   <li>a <b>data batch</b>: records (possibly none, to report {@link #millisBehindLatest()} when caught up);</li>
 *   <li>the <b>shard-end batch</b>: the last records of a closed shard and its {@link #childShards()};</li>
 *   <li>a <b>failed batch</b>: the fetcher stopped on a {@link FatalRetrievalException}; no records.</li>
 * </ul>
 * The last two are {@linkplain #isTerminal() terminal}: the fetcher produces nothing after them. Immutable.
 *
 * @param records                    user records in shard order (de-aggregated)
 * @param millisBehindLatest         how far the last fetch was behind the tip of the shard, or -1 when unknown
 * @param shardEnded                 true when the shard is closed and these are its last records
 * @param childShards                the shards that continue this one; empty unless {@code shardEnded}
 * @param continuationSequenceNumber the sequence number the fetcher resumes after: the last Kinesis record fetched so
 *                                   far (polling) or the subscription's continuation (fan-out); {@code null} when
 *                                   nothing was fetched yet
 * @param failure                    why the fetcher stopped, or {@code null}
 */
public record RecordBatch(
        List<KinesisClientRecord> records,
        long millisBehindLatest,
        boolean shardEnded,
        List<ChildShard> childShards,
        String continuationSequenceNumber,
        FatalRetrievalException failure) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public RecordBatch {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        childShards = List.copyOf(Objects.requireNonNull(childShards, "childShards"));
        if (!shardEnded && !childShards.isEmpty()) {
            throw new IllegalArgumentException("childShards " + childShards + " given for a shard that did not end");
        }
        if (failure != null && (shardEnded || !records.isEmpty())) {
            throw new IllegalArgumentException("a failed batch carries no records and no shard end");
        }
    }

    /** A data batch. */
    public static RecordBatch of(List<KinesisClientRecord> records, long millisBehindLatest,
            String continuationSequenceNumber) {
        return new RecordBatch(records, millisBehindLatest, false, List.of(), continuationSequenceNumber, null);
    }

    /** The last batch of a closed shard. */
    public static RecordBatch shardEnd(List<KinesisClientRecord> records, long millisBehindLatest,
            List<ChildShard> childShards, String continuationSequenceNumber) {
        return new RecordBatch(records, millisBehindLatest, true, childShards, continuationSequenceNumber, null);
    }

    /** The batch that reports a fetcher stopped by a fatal error. */
    public static RecordBatch failed(FatalRetrievalException failure) {
        return new RecordBatch(List.of(), -1, false, List.of(), null,
                Objects.requireNonNull(failure, "failure"));
    }

    /** True for the shard-end and the failed batch: nothing follows them. */
    public boolean isTerminal() {
        return shardEnded || failure != null;
    }

    /** True when this batch reports a failure instead of records. */
    public boolean isFailed() {
        return failure != null;
    }

    /** The payload bytes of all records. */
    public long dataBytes() {
        long bytes = 0;
        for (KinesisClientRecord record : records) {
            bytes += record.dataSize();
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "RecordBatch[" + records.size() + " records, millisBehindLatest=" + millisBehindLatest
                + (shardEnded ? ", shardEnded, children=" + childShards : "")
                + (failure != null ? ", failed: " + failure.getMessage() : "")
                + ", continuation=" + continuationSequenceNumber + "]";
    }
}
