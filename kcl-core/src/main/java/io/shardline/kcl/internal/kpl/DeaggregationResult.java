package io.shardline.kcl.internal.kpl;

import io.shardline.kcl.KinesisClientRecord;
import java.util.List;
import java.util.Objects;

/**
 * What one Kinesis record became.
 *
 * @param records           the user records to deliver, in sub-sequence order
 * @param dropped             user records dropped because their hash key lies outside the shard's range (only
 *                            when the caller asked for KCL's drop rule)
 * @param deliveredOutOfRange user records in {@code records} whose hash key lies outside the shard's range
 * @param corruption        why a record that looked like an aggregate was delivered as one plain record instead,
 *                          or {@code null}
 */
public record DeaggregationResult(List<KinesisClientRecord> records, List<KinesisClientRecord> dropped,
        int deliveredOutOfRange, String corruption) {

    public DeaggregationResult {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        dropped = List.copyOf(Objects.requireNonNull(dropped, "dropped"));
    }

    /** How many user records were dropped because their hash key lies outside the shard's range. */
    public int droppedOutOfRange() {
        return dropped.size();
    }

    /** True when the record carried the KPL magic bytes but failed its MD5 check or parsing. */
    public boolean isCorrupt() {
        return corruption != null;
    }
}
