package io.shardline.samples.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Creates the samples' output tables (on-demand billing, string keys) when they are missing. */
public final class Tables {

    private Tables() {
    }

    /**
     * Creates {@code table} with hash key {@code hashKey} and, unless {@code null}, range key {@code rangeKey}, both
     * strings, if it does not exist yet, and waits until it exists.
     */
    public static void ensure(DynamoDbAsyncClient dynamoDb, String table, String hashKey, String rangeKey) {
        List<KeySchemaElement> keys = new ArrayList<>();
        List<AttributeDefinition> attributes = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build());
        attributes.add(AttributeDefinition.builder().attributeName(hashKey).attributeType(ScalarAttributeType.S).build());
        if (rangeKey != null) {
            keys.add(KeySchemaElement.builder().attributeName(rangeKey).keyType(KeyType.RANGE).build());
            attributes.add(AttributeDefinition.builder().attributeName(rangeKey)
                    .attributeType(ScalarAttributeType.S).build());
        }
        try {
            dynamoDb.createTable(b -> b.tableName(table).keySchema(keys).attributeDefinitions(attributes)
                    .billingMode(BillingMode.PAY_PER_REQUEST)).join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof ResourceInUseException)) {
                throw e;
            }
            // exists already (or another worker is creating it)
        }
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(table)).join();
    }
}
