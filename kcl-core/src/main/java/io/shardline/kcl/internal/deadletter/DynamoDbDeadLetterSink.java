package io.shardline.kcl.internal.deadletter;

import io.shardline.kcl.deadletter.DeadLetterEntry;
import io.shardline.kcl.deadletter.DeadLetterException;
import io.shardline.kcl.deadletter.DeadLetterSink;
import io.shardline.lease.StoreResilienceConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * {@link DeadLetterSink#dynamoDbTable}: one {@code PutItem} per entry, keyed by the record, so a re-sent entry
 * overwrites itself.
 */
public final class DynamoDbDeadLetterSink implements DeadLetterSink {

    /** The hash key attribute (S): {@link DeadLetterEntry#recordKey()}. */
    public static final String ID = "id";
    /** DynamoDB's item size limit; the payload must fit with the other attributes. */
    static final int MAX_ITEM_BYTES = 400 * 1024;

    private final DynamoDbAsyncClient client;
    private final String table;
    private final SinkCalls calls;

    public DynamoDbDeadLetterSink(DynamoDbAsyncClient client, String tableName, StoreResilienceConfig retry) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(tableName, "tableName");
        if (table.isBlank()) {
            throw new IllegalArgumentException("the dead-letter table name must not be blank");
        }
        this.calls = new SinkCalls(toString(), Objects.requireNonNull(retry, "retry"));
    }

    @Override
    public void send(DeadLetterEntry entry) {
        Map<String, AttributeValue> item = item(entry);
        int approximateSize = entry.data().remaining() + 2048;
        if (approximateSize > MAX_ITEM_BYTES) {
            throw new DeadLetterException(toString(), "entry " + entry.recordKey() + " has a payload of "
                    + entry.data().remaining() + " bytes, above what a DynamoDB item holds (400 KB)", false, null);
        }
        PutItemRequest request = PutItemRequest.builder().tableName(table).item(item).build();
        calls.run(() -> client.putItem(request));
    }

    /** The item of {@code entry}: the entry's fields under their names, {@code id}, payload in {@code data}. */
    public static Map<String, AttributeValue> item(DeadLetterEntry e) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(ID, s(e.recordKey()));
        item.put("application", s(e.application()));
        item.put("stream", s(e.stream()));
        item.put("shardId", s(e.shardId()));
        item.put("sequenceNumber", s(e.sequenceNumber()));
        item.put("subSequenceNumber", n(e.subSequenceNumber()));
        item.put("partitionKey", s(e.partitionKey()));
        if (e.explicitHashKey() != null) {
            item.put("explicitHashKey", s(e.explicitHashKey()));
        }
        item.put("data", AttributeValue.fromB(SdkBytes.fromByteBuffer(e.data())));
        item.put("arrivedAt", s(e.arrivedAt().toString()));
        item.put("failedAt", s(e.failedAt().toString()));
        item.put("reason", s(e.reason().name()));
        if (e.errorClass() != null) {
            item.put("errorClass", s(e.errorClass()));
        }
        if (e.errorMessage() != null && !e.errorMessage().isEmpty()) {
            item.put("errorMessage", s(e.errorMessage()));
        }
        item.put("attempts", n(e.attempts()));
        item.put("workerId", s(e.workerId()));
        return item;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    @Override
    public String toString() {
        return "DynamoDB table " + table;
    }
}
