package io.shardline.kcl.deadletter;

import io.shardline.kcl.KinesisClientRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * One user record the consumer gave up on, with everything needed to replay or inspect it: the whole payload, where it
 * came from (application, stream, shard, sequence and sub-sequence number, partition key, explicit hash key), why it
 * was given up (reason, the last error's class and message, how many times processing was attempted) and when (the
 * record's arrival in Kinesis, the moment it was given up). Immutable; {@link #data()} is a read-only view.
 *
 * <p>{@link #toJson()} / {@link #fromJson(String)} is the encoding of the Kinesis-stream sink (payload in base64).
 * {@link #toString()} never shows the payload.
 *
 * @param application       the application (consumer) name
 * @param stream            the source stream's name or ARN
 * @param shardId           the source shard
 * @param sequenceNumber    the Kinesis sequence number (of the aggregate, for a KPL user record)
 * @param subSequenceNumber the user record's index inside its aggregate; 0 for a plain record
 * @param partitionKey      the user record's partition key
 * @param explicitHashKey   the user record's explicit hash key, or {@code null}
 * @param data              the whole payload
 * @param arrivedAt         when Kinesis accepted the record ({@code ApproximateArrivalTimestamp})
 * @param failedAt          when the consumer gave up on it
 * @param reason            why it was given up
 * @param errorClass        the class of the last exception ({@code null} for {@link Reason#MAX_AGE_EXCEEDED})
 * @param errorMessage      its message, or {@code null}
 * @param attempts          how many {@code processRecords} calls that included the record failed (0 for records
 *                          that were too old to be processed)
 * @param workerId          the worker that gave up on it
 */
public record DeadLetterEntry(String application, String stream, String shardId, String sequenceNumber,
        long subSequenceNumber, String partitionKey, String explicitHashKey, ByteBuffer data, Instant arrivedAt,
        Instant failedAt, Reason reason, String errorClass, String errorMessage, int attempts, String workerId) {

    /** Why a record was dead-lettered. */
    public enum Reason {
        /** The processor failed on it {@code FailurePolicy.maxAttempts} times, after the batch was bisected. */
        PROCESSING_FAILED,
        /** It was older than {@code FailurePolicy.maxRecordAge} when its batch arrived: never processed. */
        MAX_AGE_EXCEEDED,
        /**
         * A user record of an aggregate whose hash key is outside the shard it was read from, dropped because
         * {@code RetrievalConfig.outsideRangeUserRecords} is {@code DROP} (KPL-only fleets): never processed.
         */
        OUTSIDE_SHARD_HASH_RANGE
    }

    /** Checks the components (non-null where the record description does not say otherwise). */
    public DeadLetterEntry {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(arrivedAt, "arrivedAt");
        Objects.requireNonNull(failedAt, "failedAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(workerId, "workerId");
        data = copyOf(Objects.requireNonNull(data, "data"));
        if (subSequenceNumber < 0 || attempts < 0) {
            throw new IllegalArgumentException("subSequenceNumber and attempts must be >= 0, were "
                    + subSequenceNumber + " and " + attempts);
        }
    }

    /** The entry of {@code record}, failed with {@code error} (may be {@code null}) after {@code attempts} tries. */
    public static DeadLetterEntry of(String application, String stream, String shardId, KinesisClientRecord record,
            Instant failedAt, Reason reason, Throwable error, int attempts, String workerId) {
        return new DeadLetterEntry(application, stream, shardId, record.sequenceNumber(), record.subSequenceNumber(),
                record.partitionKey(), record.explicitHashKey(), record.data(), record.approximateArrivalTimestamp(),
                failedAt, reason, error == null ? null : error.getClass().getName(),
                error == null ? null : error.getMessage(), attempts, workerId);
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

    /** A key unique per user record: {@code <stream>/<shardId>/<sequenceNumber>/<subSequenceNumber>}. */
    public String recordKey() {
        return stream + "/" + shardId + "/" + sequenceNumber + "/" + subSequenceNumber;
    }

    /** The entry as one JSON object (payload base64-encoded in {@code data}); UTF-8 when written as bytes. */
    public String toJson() {
        return DeadLetterJson.write(this);
    }

    /**
     * Parses what {@link #toJson()} wrote.
     *
     * @throws IllegalArgumentException when {@code json} is not such an entry
     */
    public static DeadLetterEntry fromJson(String json) {
        return DeadLetterJson.read(json);
    }

    /** Never the payload: only its size. */
    @Override
    public String toString() {
        return "DeadLetterEntry[" + recordKey() + ", " + reason + ", attempts=" + attempts
                + (errorClass == null ? "" : ", error=" + errorClass + ": " + errorMessage)
                + ", " + data.remaining() + " bytes, arrivedAt=" + arrivedAt + ", failedAt=" + failedAt
                + ", application=" + application + ", worker=" + workerId + "]";
    }

    private static ByteBuffer copyOf(ByteBuffer source) {
        ByteBuffer view = source.duplicate();
        ByteBuffer copy = ByteBuffer.allocate(view.remaining());
        copy.put(view).flip();
        return copy.asReadOnlyBuffer();
    }
}
