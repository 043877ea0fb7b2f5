package io.shardline.kcl;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * One user record as the processor sees it: a plain Kinesis record, or one user record unpacked from a KPL
 * aggregate (then {@link #aggregated()} is true and every user record of the aggregate shares the Kinesis
 * {@link #sequenceNumber()} and has its own {@link #subSequenceNumber()}, {@code 0..n-1}).
 *
 * <p>{@link #data()} is a read-only view; each call returns a new view positioned at 0, so readers never disturb
 * one another. The bytes are not copied: a record may share its backing array with the other user records of its
 * aggregate. Immutable and safe to share between threads.
 *
 * @param partitionKey                the user record's partition key
 * @param sequenceNumber              the Kinesis sequence number (of the aggregate, for a user record)
 * @param subSequenceNumber           the index of the user record inside its aggregate; 0 for a plain record
 * @param explicitHashKey             the explicit hash key of the user record, or {@code null} when none was set
 * @param approximateArrivalTimestamp when Kinesis accepted the (aggregate) record
 * @param data                        the payload
 * @param aggregated                  true when the record came out of a KPL aggregate
 * @param outsideShardHashRange       true when the user record's (explicit or partition-key) hash key lies outside
 *                                    the hash-key range of the shard it was read from: a non-KPL aggregator
 *                                    (kinesis-aggregation) put it in an aggregate of another key. Such a record is
 *                                    in no other shard, so it is delivered, flagged, rather than dropped
 */
public record KinesisClientRecord(
        String partitionKey,
        String sequenceNumber,
        long subSequenceNumber,
        String explicitHashKey,
        Instant approximateArrivalTimestamp,
        ByteBuffer data,
        boolean aggregated,
        boolean outsideShardHashRange) {

    /** A record inside its shard's hash-key range. */
    public KinesisClientRecord(String partitionKey, String sequenceNumber, long subSequenceNumber,
            String explicitHashKey, Instant approximateArrivalTimestamp, ByteBuffer data, boolean aggregated) {
        this(partitionKey, sequenceNumber, subSequenceNumber, explicitHashKey, approximateArrivalTimestamp, data,
                aggregated, false);
    }

    /** Checks the components (non-null where the record description does not say otherwise). */
    public KinesisClientRecord {
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        Objects.requireNonNull(approximateArrivalTimestamp, "approximateArrivalTimestamp");
        Objects.requireNonNull(data, "data");
        if (subSequenceNumber < 0) {
            throw new IllegalArgumentException("subSequenceNumber must be >= 0, was " + subSequenceNumber
                    + " (sequenceNumber " + sequenceNumber + ")");
        }
        data = exactly(data);
    }

    /**
     * {@code data} itself when its remaining bytes are its whole capacity (positioned at 0, limit at capacity), else a
     * slice of them. The record reads its payload as {@code 0..capacity} of that buffer and hands out read-only views
     * only, so a later change of the caller's position or limit does not affect it, and the common case (the
     * library's own buffer of one record's bytes) costs no allocation: the plain-record path is allocation-bound.
     */
    private static ByteBuffer exactly(ByteBuffer data) {
        return data.position() == 0 && data.limit() == data.capacity() ? data : data.slice();
    }

    /** A plain (not aggregated) record. */
    public static KinesisClientRecord plain(String partitionKey, String sequenceNumber,
            Instant approximateArrivalTimestamp, ByteBuffer data) {
        return new KinesisClientRecord(partitionKey, sequenceNumber, 0, null, approximateArrivalTimestamp, data,
                false);
    }

    /** A new read-only view of the payload, positioned at 0. */
    @Override
    public ByteBuffer data() {
        ByteBuffer view = data.asReadOnlyBuffer();
        view.clear(); // 0..capacity: whatever position or limit the caller's buffer has now
        return view;
    }

    /** The payload copied into a new array. */
    public byte[] dataAsBytes() {
        byte[] bytes = new byte[data.capacity()];
        data().get(bytes);
        return bytes;
    }

    /** The payload size in bytes. */
    public int dataSize() {
        return data.capacity();
    }

    /** Equal when every component is, the payloads compared by their bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof KinesisClientRecord r && subSequenceNumber == r.subSequenceNumber
                && aggregated == r.aggregated && outsideShardHashRange == r.outsideShardHashRange
                && partitionKey.equals(r.partitionKey) && sequenceNumber.equals(r.sequenceNumber)
                && Objects.equals(explicitHashKey, r.explicitHashKey)
                && approximateArrivalTimestamp.equals(r.approximateArrivalTimestamp) && data().equals(r.data());
    }

    @Override
    public int hashCode() {
        return Objects.hash(partitionKey, sequenceNumber, subSequenceNumber, explicitHashKey,
                approximateArrivalTimestamp, data(), aggregated, outsideShardHashRange);
    }

    /** The position to checkpoint to mark this record processed. */
    public ExtendedSequenceNumber extendedSequenceNumber() {
        return ExtendedSequenceNumber.of(sequenceNumber, subSequenceNumber);
    }

    @Override
    public String toString() {
        return "KinesisClientRecord[" + extendedSequenceNumber() + ", partitionKey=" + partitionKey
                + (explicitHashKey == null ? "" : ", explicitHashKey=" + explicitHashKey)
                + ", " + data.capacity() + " bytes" + (aggregated ? ", aggregated" : "") + "]";
    }
}
