package io.shardline.lease.internal.dynamodb;

import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.LeaseTableConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoverySpecification;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TagResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateContinuousBackupsRequest;

/**
 * {@code initialize()} of both stores: creates a table (with its indexes, in the one CreateTable call, since dynalite
 * cannot add an index later) unless it exists, tolerates a concurrent creator ({@code ResourceInUseException}), waits
 * until the table and its indexes are ACTIVE within the configured deadline, and checks the hash key of an existing
 * table. Existing tables are otherwise left as they are (billing mode, indexes). A table this call created gets the
 * configured deletion protection (in CreateTable), tags ({@code TagResource}) and point-in-time recovery
 * ({@code UpdateContinuousBackups}) once ACTIVE, then the {@code onTableCreated} callback.
 */
final class TableBootstrap {

    private static final Logger log = LoggerFactory.getLogger(TableBootstrap.class);
    private static final long FIRST_POLL_MILLIS = 25;
    private static final long MAX_POLL_MILLIS = 1_000;

    private final DynamoDbAsyncClient client;
    private final LeaseTableConfig config;

    TableBootstrap(DynamoDbAsyncClient client, LeaseTableConfig config) {
        this.client = TimedDynamoDbClient.wrap(client);
        this.config = config;
    }

    /** A CreateTable request for {@code table} with hash key {@code hashKey} (S) and the given indexes. */
    CreateTableRequest createRequest(String table, String hashKey, List<AttributeDefinition> indexAttributes,
            List<GlobalSecondaryIndex> indexes) {
        CreateTableRequest.Builder b = CreateTableRequest.builder()
                .tableName(table)
                .keySchema(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build());
        List<AttributeDefinition> attributes = new ArrayList<>();
        attributes.add(attribute(hashKey));
        indexAttributes.stream().filter(a -> !a.attributeName().equals(hashKey)).forEach(attributes::add);
        b.attributeDefinitions(attributes);
        if (config.billingMode() == LeaseTableConfig.BillingMode.PROVISIONED) {
            ProvisionedThroughput throughput = ProvisionedThroughput.builder()
                    .readCapacityUnits(config.readCapacity()).writeCapacityUnits(config.writeCapacity()).build();
            b.billingMode(BillingMode.PROVISIONED).provisionedThroughput(throughput);
            indexes = indexes.stream().map(i -> i.toBuilder().provisionedThroughput(throughput).build()).toList();
        } else {
            b.billingMode(BillingMode.PAY_PER_REQUEST);
        }
        if (!indexes.isEmpty()) {
            b.globalSecondaryIndexes(indexes);
        }
        if (config.deletionProtection()) {
            b.deletionProtectionEnabled(true);
        }
        return b.build();
    }

    static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    static GlobalSecondaryIndex keysOnlyIndex(String name, String hashKey, String rangeKey) {
        return GlobalSecondaryIndex.builder().indexName(name)
                .keySchema(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(rangeKey).keyType(KeyType.RANGE).build())
                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                .build();
    }

    /**
     * Makes sure the table of {@code create} exists with its key schema and is usable.
     *
     * @return the table's description once it is ACTIVE
     */
    TableDescription ensureTable(CreateTableRequest create) {
        String table = create.tableName();
        DynamoDbCalls calls = new DynamoDbCalls(client, table);
        long deadline = System.nanoTime() + config.tableCreationTimeout().toNanos();
        TableDescription found = describe(calls);
        boolean createdHere = false;
        if (found == null) {
            CreateTableResponse created = calls.awaitOrNullOn(client.createTable(create),
                    ResourceInUseException.class, "CreateTable", null);
            if (created != null) {
                createdHere = true;
                log.info("Created DynamoDB table {} ({}{})", table, create.billingModeAsString(),
                        Boolean.TRUE.equals(create.deletionProtectionEnabled()) ? ", deletion protection" : "");
            } else {
                log.debug("Table {} is being created concurrently", table);
            }
        }
        TableDescription ready = awaitActive(calls, deadline);
        checkKeySchema(table, create.keySchema(), create.attributeDefinitions(), ready);
        if (createdHere) {
            afterCreation(calls, ready);
        }
        return ready;
    }

    /** The settings applied to a table once this worker created it and it is ACTIVE, then the user's callback. */
    private void afterCreation(DynamoDbCalls calls, TableDescription table) {
        TagResourceRequest tags = tagRequest(table.tableArn());
        if (tags != null) {
            calls.await(client.tagResource(tags), "TagResource", null);
            log.info("Tagged DynamoDB table {} with {}", calls.table(), config.tags());
        }
        UpdateContinuousBackupsRequest backups = continuousBackupsRequest(calls.table());
        if (backups != null) {
            calls.await(client.updateContinuousBackups(backups), "UpdateContinuousBackups", null);
            log.info("Turned on point-in-time recovery of DynamoDB table {}", calls.table());
        }
        try {
            config.onTableCreated().accept(calls.table());
        } catch (RuntimeException e) {
            throw new LeaseStoreException("the onTableCreated callback failed: " + e, calls.table(), null, false, e);
        }
    }

    /** The TagResource request for a created table, or {@code null} when there are no tags. */
    TagResourceRequest tagRequest(String tableArn) {
        if (config.tags().isEmpty()) {
            return null;
        }
        List<Tag> tags = config.tags().entrySet().stream()
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
        return TagResourceRequest.builder().resourceArn(tableArn).tags(tags).build();
    }

    /** The UpdateContinuousBackups request turning on point-in-time recovery, or {@code null} when not asked. */
    UpdateContinuousBackupsRequest continuousBackupsRequest(String table) {
        if (!config.pointInTimeRecovery()) {
            return null;
        }
        return UpdateContinuousBackupsRequest.builder().tableName(table)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .build();
    }

    private TableDescription describe(DynamoDbCalls calls) {
        return calls.awaitOrNullOn(client.describeTable(r -> r.tableName(calls.table())).thenApply(r -> r.table()),
                ResourceNotFoundException.class, "DescribeTable", null);
    }

    // A blocking, one-off call: DescribeTable polling is how DynamoDB reports readiness, so this waits on the calling
    // thread between polls (backing off from 25 ms to 1 s) until the deadline.
    private TableDescription awaitActive(DynamoDbCalls calls, long deadline) {
        long pause = FIRST_POLL_MILLIS;
        while (true) {
            TableDescription d = describe(calls);
            if (d != null && isUsable(d)) {
                return d;
            }
            if (d != null && d.tableStatus() == TableStatus.DELETING) {
                throw new LeaseStoreException("table is being deleted", calls.table(), null, false, null);
            }
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMillis <= 0) {
                throw new LeaseStoreException("table did not become ACTIVE within "
                        + config.tableCreationTimeout() + " (status " + (d == null ? "absent" : d.tableStatusAsString())
                        + ")", calls.table(), null, false, null);
            }
            calls.pause(Math.min(pause, remainingMillis), "waiting for the table to become ACTIVE");
            pause = Math.min(pause * 2, MAX_POLL_MILLIS);
        }
    }

    private static boolean isUsable(TableDescription d) {
        boolean tableReady = d.tableStatus() == TableStatus.ACTIVE || d.tableStatus() == TableStatus.UPDATING;
        return tableReady && d.globalSecondaryIndexes().stream()
                .allMatch(i -> i.indexStatus() == IndexStatus.ACTIVE || i.indexStatus() == IndexStatus.UPDATING);
    }

    private static void checkKeySchema(String table, List<KeySchemaElement> expectedKeys,
            List<AttributeDefinition> expectedAttributes, TableDescription found) {
        String expected = describeKeys(expectedKeys, expectedAttributes);
        String actual = describeKeys(found.keySchema(), found.attributeDefinitions());
        if (!expected.equals(actual)) {
            throw new LeaseStoreException("table exists with key schema [" + actual + "] but Shardline expects ["
                    + expected + "]; use another table name or delete the table", table, null, false, null);
        }
    }

    private static String describeKeys(List<KeySchemaElement> keys, List<AttributeDefinition> attributes) {
        Map<String, String> types = attributes.stream().collect(Collectors.toMap(
                AttributeDefinition::attributeName, AttributeDefinition::attributeTypeAsString, (a, b) -> a));
        return keys.stream()
                .map(k -> k.keyTypeAsString() + " " + k.attributeName() + " ("
                        + types.getOrDefault(k.attributeName(), "?") + ")")
                .collect(Collectors.joining(", "));
    }

    /** Whether the table has an ACTIVE index named {@code name} whose hash key is {@code hashKey}. */
    static boolean hasIndex(TableDescription d, String name, String hashKey) {
        return d.globalSecondaryIndexes().stream()
                .filter(i -> i.indexName().equals(name))
                .map(GlobalSecondaryIndexDescription::keySchema)
                .anyMatch(keys -> keys.stream().anyMatch(
                        k -> k.keyType() == KeyType.HASH && k.attributeName().equals(hashKey)));
    }
}
