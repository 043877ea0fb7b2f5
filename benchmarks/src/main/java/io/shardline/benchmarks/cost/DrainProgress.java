package io.shardline.benchmarks.cost;

import io.shardline.benchmarks.harness.WorkerLine.Delivery;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How far a throughput run has drained a filled stream, from the workers' {@link BatchLine}s: records counted, and
 * which shards have delivered their last record (the highest sequence number the filler got back).
 */
final class DrainProgress {

    private final Map<String, ExtendedSequenceNumber> lastPut;

    /** @param lastPut each shard's highest sequence number put by the filler */
    DrainProgress(Map<String, ExtendedSequenceNumber> lastPut) {
        this.lastPut = Map.copyOf(Objects.requireNonNull(lastPut, "lastPut"));
    }

    /** What {@code deliveries} (batch lines, in any order) say. */
    Snapshot of(List<Delivery> deliveries) {
        long records = 0;
        long lastAt = -1;
        Map<String, ExtendedSequenceNumber> reached = new HashMap<>();
        for (Delivery d : deliveries) {
            OptionalInt size = BatchLine.size(d);
            if (size.isEmpty()) {
                continue;
            }
            records += size.getAsInt();
            lastAt = Math.max(lastAt, d.atMillis());
            ExtendedSequenceNumber seq = ExtendedSequenceNumber.of(d.sequenceNumber());
            reached.merge(d.shardId(), seq, (a, b) -> a.isAfter(b) ? a : b);
        }
        int drained = 0;
        for (Map.Entry<String, ExtendedSequenceNumber> e : lastPut.entrySet()) {
            ExtendedSequenceNumber at = reached.get(e.getKey());
            if (at != null && !at.isBefore(e.getValue())) {
                drained++;
            }
        }
        return new Snapshot(records, drained, lastPut.size(), lastAt < 0 ? OptionalLong.empty() : OptionalLong.of(lastAt));
    }

    /**
     * @param records       records reported processed (duplicates included)
     * @param drainedShards shards whose last record was processed
     * @param shards        shards of the stream
     * @param lastBatchAt   time of the latest batch line, or empty
     */
    record Snapshot(long records, int drainedShards, int shards, OptionalLong lastBatchAt) {
        boolean drained() {
            return drainedShards == shards;
        }
    }
}
