package io.shardline.samples.counting;

import io.shardline.samples.common.OutputRetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Adds counts to a DynamoDB table with hash key {@code key} (S) and a number attribute {@code count}, one
 * {@code UpdateItem ... ADD count :n} per key (BatchWriteItem cannot add). At most {@value #IN_FLIGHT} updates are in
 * flight at once, so a flush does not flood the table; an update that fails transiently is retried
 * ({@link OutputRetry}).
 */
public final class DynamoDbCountSink implements CountSink {

    /** Hash key of the counts table. */
    public static final String KEY = "key";
    /** The count attribute. */
    public static final String COUNT = "count";
    static final int IN_FLIGHT = 16;

    private final DynamoDbAsyncClient dynamoDb;
    private final String table;

    public DynamoDbCountSink(DynamoDbAsyncClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void add(String shardId, Map<String, Long> deltas) {
        List<Map.Entry<String, Long>> chunk = new ArrayList<>();
        for (Map.Entry<String, Long> delta : deltas.entrySet()) {
            chunk.add(delta);
            if (chunk.size() == IN_FLIGHT) {
                addAll(chunk);
                chunk.clear();
            }
        }
        addAll(chunk);
    }

    /** The updates of {@code chunk} in parallel; the ones that failed again one by one, with retries. */
    private void addAll(List<Map.Entry<String, Long>> chunk) {
        List<CompletableFuture<?>> inFlight = chunk.stream().<CompletableFuture<?>>map(this::update).toList();
        for (int i = 0; i < chunk.size(); i++) {
            if (inFlight.get(i).handle((ok, error) -> error == null).join()) {
                continue;
            }
            Map.Entry<String, Long> delta = chunk.get(i);
            OutputRetry.call(() -> update(delta).join()); // at least once: a timed-out add may have been applied
        }
    }

    private CompletableFuture<?> update(Map.Entry<String, Long> delta) {
        return dynamoDb.updateItem(b -> b.tableName(table)
                .key(Map.of(KEY, AttributeValue.fromS(delta.getKey())))
                .updateExpression("ADD #count :n")
                .expressionAttributeNames(Map.of("#count", COUNT))
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(delta.getValue().toString()))));
    }
}
