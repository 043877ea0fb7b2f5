package io.shardline.kcl.internal.aws;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * A Kinesis record as {@code GetRecords} or {@code SubscribeToShard} returns it, before de-aggregation.
 *
 * @param sequenceNumber              the record's sequence number
 * @param partitionKey                its partition key
 * @param approximateArrivalTimestamp when Kinesis accepted it
 * @param data                        a read-only view of its payload (not copied from the SDK response)
 */
public record RawRecord(String sequenceNumber, String partitionKey, Instant approximateArrivalTimestamp,
        ByteBuffer data) {

    public RawRecord {
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(approximateArrivalTimestamp, "approximateArrivalTimestamp");
        Objects.requireNonNull(data, "data");
        data = data.isReadOnly() ? data.slice() : data.asReadOnlyBuffer().slice(); // a slice of read-only is read-only
    }

    /** A new view of the payload positioned at 0. */
    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
