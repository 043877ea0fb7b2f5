package io.shardline.samples.counting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Adds counts to a DynamoDB table with hash key {@code key} (S) and a number attribute {@code count}, one
 * {@code UpdateItem ... ADD count :n} per key (BatchWriteItem cannot add). At most {@value #IN_FLIGHT} updates are in
 * flight at once, so a flush does not flood the table.
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
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (Map.Entry<String, Long> delta : deltas.entrySet()) {
            inFlight.add(dynamoDb.updateItem(b -> b.tableName(table)
                    .key(Map.of(KEY, AttributeValue.fromS(delta.getKey())))
                    .updateExpression("ADD #count :n")
                    .expressionAttributeNames(Map.of("#count", COUNT))
                    .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(delta.getValue().toString())))));
            if (inFlight.size() == IN_FLIGHT) {
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
                inFlight.clear();
            }
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    }
}
