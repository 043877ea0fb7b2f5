package io.shardline.kcl.internal.retrieval;

import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.retrieval.StreamShard;
import java.util.List;

/**
 * Where the fetchers hand the user records they drop (outside the shard's hash-key range, under
 * {@code OutsideRangeUserRecords.DROP}). Called on a fetch thread, once per aggregate that lost records; must not
 * throw.
 */
@FunctionalInterface
public interface DroppedRecords {

    /** Drops them with nothing more than the fetcher's count and WARN. */
    DroppedRecords NONE = (shard, records) -> { };

    /** {@code records} (in sub-sequence order, of one aggregate) were dropped from {@code shard}. */
    void dropped(StreamShard shard, List<KinesisClientRecord> records);

    /** Whether this hands the records anywhere (so the WARN can say where they went). */
    default boolean stores() {
        return this != NONE;
    }
}
