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
 * @param data                        its payload, owned by this record: neither copied from the SDK response nor
 *                                    wrapped again (a view is one allocation per record, and the plain-record path
 *                                    of the {@code overhead} benchmark is allocation-bound); nobody writes to it
 */
public record RawRecord(String sequenceNumber, String partitionKey, Instant approximateArrivalTimestamp,
        ByteBuffer data) {

    public RawRecord {
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(approximateArrivalTimestamp, "approximateArrivalTimestamp");
        Objects.requireNonNull(data, "data");
        data = data.position() == 0 ? data : data.slice(); // positioned at 0; kept as given otherwise (see data)
    }

    /** A new view of the payload positioned at 0, for readers that move a position (de-aggregation). */
    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }

    /**
     * The payload buffer itself, positioned at 0, without a new view: for readers that only use absolute gets or
     * hand it to {@link io.shardline.kcl.KinesisClientRecord} (which keeps it and hands out read-only views). Never
     * change its position, limit or contents.
     */
    public ByteBuffer payload() {
        return data;
    }
}
