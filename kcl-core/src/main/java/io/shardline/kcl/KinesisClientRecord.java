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
        data = readOnlyView(data);
    }

    /**
     * A read-only view of {@code data} positioned at 0 that no later change of the caller's buffer position or limit
     * affects: one allocation (a writable buffer at 0 gets a read-only duplicate; any other a slice, and a slice of a
     * read-only buffer is read-only).
     */
    private static ByteBuffer readOnlyView(ByteBuffer data) {
        if (data.isReadOnly()) {
            return data.slice();
        }
        return data.position() == 0 ? data.asReadOnlyBuffer() : data.asReadOnlyBuffer().slice();
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
        return data.duplicate();
    }

    /** The payload copied into a new array. */
    public byte[] dataAsBytes() {
        ByteBuffer view = data.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }

    /** The payload size in bytes. */
    public int dataSize() {
        return data.remaining();
    }

    /** The position to checkpoint to mark this record processed. */
    public ExtendedSequenceNumber extendedSequenceNumber() {
        return ExtendedSequenceNumber.of(sequenceNumber, subSequenceNumber);
    }

    @Override
    public String toString() {
        return "KinesisClientRecord[" + extendedSequenceNumber() + ", partitionKey=" + partitionKey
                + (explicitHashKey == null ? "" : ", explicitHashKey=" + explicitHashKey)
                + ", " + data.remaining() + " bytes" + (aggregated ? ", aggregated" : "") + "]";
    }
}
