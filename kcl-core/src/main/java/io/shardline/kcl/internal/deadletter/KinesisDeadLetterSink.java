package io.shardline.kcl.internal.deadletter;

import io.shardline.kcl.deadletter.DeadLetterEntry;
import io.shardline.kcl.deadletter.DeadLetterException;
import io.shardline.kcl.deadletter.DeadLetterSink;
import io.shardline.lease.StoreResilienceConfig;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;

/** {@link DeadLetterSink#kinesisStream}: one {@code PutRecord} per entry, JSON data, the record's partition key. */
public final class KinesisDeadLetterSink implements DeadLetterSink {

    /** Kinesis's limit of data plus partition key per record. */
    static final int MAX_RECORD_BYTES = 1024 * 1024;

    private final KinesisAsyncClient client;
    private final String stream;
    private final SinkCalls calls;

    public KinesisDeadLetterSink(KinesisAsyncClient client, String streamNameOrArn, StoreResilienceConfig retry) {
        this.client = Objects.requireNonNull(client, "client");
        this.stream = Objects.requireNonNull(streamNameOrArn, "streamNameOrArn");
        if (stream.isBlank()) {
            throw new IllegalArgumentException("the dead-letter stream name must not be blank");
        }
        this.calls = new SinkCalls(toString(), Objects.requireNonNull(retry, "retry"));
    }

    @Override
    public void send(DeadLetterEntry entry) {
        byte[] data = entry.toJson().getBytes(StandardCharsets.UTF_8);
        int size = data.length + entry.partitionKey().getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_RECORD_BYTES) {
            throw new DeadLetterException(toString(), "entry " + entry.recordKey() + " is " + size
                    + " bytes encoded, above the Kinesis limit of " + MAX_RECORD_BYTES, false, null);
        }
        PutRecordRequest.Builder request = PutRecordRequest.builder()
                .partitionKey(entry.partitionKey())
                .data(SdkBytes.fromByteArrayUnsafe(data));
        if (stream.startsWith("arn:")) {
            request.streamARN(stream);
        } else {
            request.streamName(stream);
        }
        PutRecordRequest built = request.build();
        calls.run(() -> client.putRecord(built));
    }

    @Override
    public String toString() {
        return "Kinesis stream " + stream;
    }
}
