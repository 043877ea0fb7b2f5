package io.shardline.kcl.internal.retrieval;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.aws.IteratorPosition;
import io.shardline.kcl.internal.kpl.DeaggregationResult;
import io.shardline.kcl.internal.kpl.Deaggregator;
import io.shardline.kcl.retrieval.OutsideRangeUserRecords;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.StreamShard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the Kinesis records of one shard into the user records its processor gets: de-aggregates them, delivers
 * (flagged) or drops user records outside the shard's hash-key range as {@link OutsideRangeUserRecords} says, and
 * drops the user records before the starting position.
 *
 * <p>Out-of-range user records are counted always. Delivered ones are WARNed at most once per
 * {@code outsideRangeWarnInterval} (with the count since the last WARN, on the injected monotonic clock); dropped ones
 * are WARNed for every aggregate that loses records and handed to {@link DroppedRecords} (the dead-letter sink).
 *
 * <p>Positions at or after a sequence number are fetched {@code AT_SEQUENCE_NUMBER} (a Kinesis iterator addresses a
 * whole aggregate); the user records of that aggregate before the position are dropped here, until the first record
 * past it. Also remembers the last Kinesis sequence number seen, where a new iterator resumes.
 *
 * <p>Not thread-safe: used by one fetcher's steps, one at a time.
 */
final class RecordAssembler {

    private static final Logger log = LoggerFactory.getLogger(RecordAssembler.class);

    private final StreamShard shard;
    private final FetchMeters meters;
    private final IteratorPosition initialIteratorPosition;
    private ExtendedSequenceNumber startFilter;
    private final boolean startInclusive;
    private String lastSequenceNumber;
    private long lastBytes;
    private final boolean dropOutsideRange;
    private final long warnIntervalNanos;
    private final LongSupplier nanoTime;
    private final DroppedRecords droppedRecords;
    private long outsideRangeSinceWarn;
    private long lastWarnNanos;
    private boolean warnedOnce;

    RecordAssembler(StreamShard shard, StartingPosition start, FetchMeters meters, FetchEnvironment env) {
        this(shard, start, meters, env.config(), env.scheduler()::nanoTime, env.dropped());
    }

    RecordAssembler(StreamShard shard, StartingPosition start, FetchMeters meters, RetrievalConfig config,
            LongSupplier nanoTime, DroppedRecords droppedRecords) {
        this.shard = shard;
        this.meters = meters;
        this.dropOutsideRange = config.outsideRangeUserRecords() == OutsideRangeUserRecords.DROP;
        this.warnIntervalNanos = config.outsideRangeWarnInterval().toNanos();
        this.nanoTime = nanoTime;
        this.droppedRecords = droppedRecords;
        this.initialIteratorPosition = iteratorPositionOf(start);
        this.startFilter = start.sequenceNumber();
        this.startInclusive = start.kind() == StartingPosition.Kind.AT_SEQUENCE_NUMBER;
    }

    /** The Kinesis iterator position of a starting position. */
    static IteratorPosition iteratorPositionOf(StartingPosition start) {
        return switch (start.kind()) {
            case TRIM_HORIZON -> IteratorPosition.trimHorizon();
            case LATEST -> IteratorPosition.latest();
            case AT_TIMESTAMP -> IteratorPosition.atTimestamp(start.timestamp());
            case AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER ->
                    IteratorPosition.atSequenceNumber(start.sequenceNumber().sequenceNumber());
        };
    }

    /** Where a new iterator starts: after the last Kinesis record seen, or the starting position. */
    IteratorPosition resumePosition() {
        return lastSequenceNumber == null ? initialIteratorPosition
                : IteratorPosition.afterSequenceNumber(lastSequenceNumber);
    }

    /** The payload bytes of the user records the last {@link #assemble} returned (summed as they were made). */
    long lastBytes() {
        return lastBytes;
    }

    /** The last Kinesis sequence number seen, or {@code null}. */
    String lastSequenceNumber() {
        return lastSequenceNumber;
    }

    /**
     * The user records of {@code kinesisRecords} (as the proxy returns them: each a plain record), in order. A plain
     * Kinesis record is its own user record, the same object: no conversion between the SDK and the processor but
     * the proxy's one. When the proxy says the records are {@code plainOnly} and no starting position filters them,
     * the list itself is the answer.
     */
    List<KinesisClientRecord> assemble(List<KinesisClientRecord> kinesisRecords, boolean plainOnly) {
        if (plainOnly && startFilter == null) {
            long bytes = 0;
            for (KinesisClientRecord record : kinesisRecords) {
                bytes += record.dataSize();
            }
            if (!kinesisRecords.isEmpty()) {
                lastSequenceNumber = kinesisRecords.get(kinesisRecords.size() - 1).sequenceNumber();
            }
            meters.fetched(kinesisRecords.size(), bytes);
            lastBytes = bytes;
            return kinesisRecords;
        }
        List<KinesisClientRecord> records = new ArrayList<>(kinesisRecords.size());
        long bytes = 0;
        for (KinesisClientRecord raw : kinesisRecords) {
            lastSequenceNumber = raw.sequenceNumber();
            if (!Deaggregator.hasMagic(raw.data())) { // a plain record: no aggregate to unpack, nothing to report
                KinesisClientRecord record = raw;
                if (isAtOrAfterStart(record)) {
                    records.add(record);
                    bytes += record.dataSize();
                }
                continue;
            }
            DeaggregationResult result = Deaggregator.deaggregate(raw, shard.hashKeyRange(), dropOutsideRange);
            report(raw, result);
            for (KinesisClientRecord record : result.records()) {
                if (isAtOrAfterStart(record)) {
                    records.add(record);
                    bytes += record.dataSize();
                }
            }
        }
        meters.fetched(records.size(), bytes);
        lastBytes = bytes;
        return records;
    }

    /** One WARN per shard per interval, with the count since the previous WARN. */
    private void warnDelivered(KinesisClientRecord raw, int count) {
        outsideRangeSinceWarn += count;
        long now = nanoTime.getAsLong();
        if (warnedOnce && now - lastWarnNanos < warnIntervalNanos) {
            return;
        }
        log.warn("Shard {}: {} user records of aggregates (last: {}) have a hash key outside the shard; delivered, "
                + "flagged outsideShardHashRange, because non-KPL aggregators (kinesis-aggregation) put records of any "
                + "key in one aggregate and they exist in no other shard. If every producer is the KPL, "
                + "outsideRangeUserRecords=DROP drops them as duplicates (next WARN in {} at the earliest)", shard,
                outsideRangeSinceWarn, raw.sequenceNumber(), Duration.ofNanos(warnIntervalNanos));
        warnedOnce = true;
        lastWarnNanos = now;
        outsideRangeSinceWarn = 0;
    }

    private boolean isAtOrAfterStart(KinesisClientRecord record) {
        if (startFilter == null) {
            return true;
        }
        boolean after = isPastStart(record);
        if (after && ExtendedSequenceNumber.of(record.sequenceNumber()).compareTo(
                ExtendedSequenceNumber.of(startFilter.sequenceNumber())) > 0) {
            startFilter = null; // past the starting aggregate: no more filtering
        }
        return after;
    }

    /** Whether {@code record} is at or after the starting position; changes nothing. */
    private boolean isPastStart(KinesisClientRecord record) {
        if (startFilter == null) {
            return true;
        }
        int bySequence = ExtendedSequenceNumber.of(record.sequenceNumber()).compareTo(
                ExtendedSequenceNumber.of(startFilter.sequenceNumber()));
        if (bySequence != 0) {
            return bySequence > 0;
        }
        long startSub = startFilter.subSequenceNumber();
        return startInclusive ? record.subSequenceNumber() >= startSub : record.subSequenceNumber() > startSub;
    }

    private void report(KinesisClientRecord raw, DeaggregationResult result) {
        if (result.deliveredOutOfRange() > 0) {
            meters.deliveredOutOfRange(result.deliveredOutOfRange());
            warnDelivered(raw, result.deliveredOutOfRange());
        }
        if (result.droppedOutOfRange() > 0) {
            meters.droppedOutOfRange(result.droppedOutOfRange());
            log.warn("Shard {}: dropped {} user records of aggregate {} whose hash key is outside the shard "
                    + "(outsideRangeUserRecords=DROP: right only when every producer is the KPL, which re-sends them "
                    + "to the right shard){}", shard, result.droppedOutOfRange(), raw.sequenceNumber(),
                    droppedRecords.stores() ? "; stored in the dead-letter sink" : "; no dead-letter sink is set");
            // Records before the starting position were dropped (and stored) by the run that checkpointed past them.
            List<KinesisClientRecord> fresh = result.dropped().stream().filter(this::isPastStart).toList();
            if (!fresh.isEmpty()) {
                droppedRecords.dropped(shard, fresh);
            }
        }
        if (result.isCorrupt()) {
            meters.corruptAggregate();
            log.warn("Shard {}: record {} starts with the KPL magic bytes but is not a valid aggregate ({}); "
                    + "delivered as one plain record", shard, raw.sequenceNumber(), result.corruption());
        }
    }
}
