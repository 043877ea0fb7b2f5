package io.shardline.kclcompat;

import io.shardline.testing.PutResult;
import io.shardline.testing.StreamHelper;
import io.shardline.testing.TestRecord;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The stream's real contents: every record the test put, with the shard and sequence number Kinesis gave it, and
 * the shards' lineage. Record {@code i} has partition key {@code key-(i % KEYS)} and data {@code key-k#i}; the
 * records of one key are put in index order ({@link StreamHelper#put} never puts a key twice in one call).
 */
final class StreamRecords {

    static final int KEYS = 25;

    /** One record as Kinesis stored it. */
    record Put(int index, String key, String shardId, BigInteger sequenceNumber) {
    }

    private final StreamHelper streams;
    private final String stream;
    private final List<Put> puts = new ArrayList<>();

    StreamRecords(StreamHelper streams, String stream) {
        this.streams = streams;
        this.stream = stream;
    }

    /** Puts records {@code from..to-1}. */
    void put(int from, int to) {
        List<TestRecord> records = IntStream.range(from, to)
                .mapToObj(i -> TestRecord.of("key-" + (i % KEYS), "key-" + (i % KEYS) + "#" + i)).toList();
        List<PutResult> results = streams.put(stream, records);
        for (int i = 0; i < records.size(); i++) {
            PutResult result = results.get(i);
            puts.add(new Put(from + i, records.get(i).partitionKey(), result.shardId(),
                    new BigInteger(result.sequenceNumber())));
        }
    }

    List<Put> all() {
        return List.copyOf(puts);
    }

    int size() {
        return puts.size();
    }

    /** Every shard's parents (split: one; merge: two), as ListShards reports them now. */
    Map<String, Set<String>> parents() {
        Map<String, Set<String>> parents = new HashMap<>();
        for (Shard shard : streams.listShards(stream)) {
            Set<String> of = new HashSet<>();
            if (shard.parentShardId() != null) {
                of.add(shard.parentShardId());
            }
            if (shard.adjacentParentShardId() != null) {
                of.add(shard.adjacentParentShardId());
            }
            parents.put(shard.shardId(), of);
        }
        return parents;
    }
}
