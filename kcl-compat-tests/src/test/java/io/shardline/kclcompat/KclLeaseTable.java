package io.shardline.kclcompat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.common.HashKeyRangeForLease;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * The KCL application's lease table, as KCL 3.5.1 makes and reads it.
 *
 * <p>{@link #create}: KCL creates the table (hash key {@code leaseKey}, on-demand) and then adds its owner index with
 * UpdateTable, which dynalite does not support; so the table is created here with the index in the CreateTable call,
 * and KCL finds it ACTIVE. The first leases (one per shard at TRIM_HORIZON) are written with KCL's own
 * {@link DynamoDBLeaseSerializer}, row for row what KCL's first shard sync writes: on an empty table KCL 3.5.1
 * waits a random 1-30 s before its leader syncs shards, which the suite cannot afford. Every later row (child
 * leases after a split, KCL's {@code Migration3.0}, leader and worker-metrics rows) is written by KCL itself.
 */
final class KclLeaseTable {

    /** KCL 3's index of leases by owner. */
    static final String OWNER_INDEX = "LeaseOwnerToLeaseKeyIndex";

    private final DynamoDbClient dynamoDb;
    private final String table;

    KclLeaseTable(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Creates the table with KCL's key and owner index, and one unowned TRIM_HORIZON lease per shard. */
    void create(List<Shard> shards) {
        dynamoDb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("leaseKey"), attribute("leaseOwner"))
                .keySchema(key("leaseKey", KeyType.HASH))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(OWNER_INDEX)
                        .keySchema(key("leaseOwner", KeyType.HASH), key("leaseKey", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build()));
        Awaitility.await("lease table " + table + " ACTIVE").atMost(Duration.ofSeconds(60))
                .until(() -> dynamoDb.describeTable(b -> b.tableName(table)).table().tableStatus()
                        == TableStatus.ACTIVE);
        DynamoDBLeaseSerializer serializer = new DynamoDBLeaseSerializer();
        for (Shard shard : shards) {
            Lease lease = new Lease();
            lease.leaseKey(shard.shardId());
            lease.leaseCounter(0L);
            lease.ownerSwitchesSinceCheckpoint(0L);
            lease.checkpoint(ExtendedSequenceNumber.TRIM_HORIZON);
            lease.hashKeyRange(HashKeyRangeForLease.fromHashKeyRange(shard.hashKeyRange()));
            List<String> parents = new ArrayList<>();
            Optional.ofNullable(shard.parentShardId()).ifPresent(parents::add);
            Optional.ofNullable(shard.adjacentParentShardId()).ifPresent(parents::add);
            lease.parentShardIds(parents);
            dynamoDb.putItem(b -> b.tableName(table).item(serializer.toDynamoRecord(lease))
                    .conditionExpression("attribute_not_exists(leaseKey)"));
        }
    }

    /** Every row of the table by key (consistent scan), leases and KCL's other rows alike. */
    Map<String, Map<String, AttributeValue>> rows() {
        Map<String, Map<String, AttributeValue>> rows = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamoDb.scan(b -> b.tableName(table).consistentRead(true).exclusiveStartKey(from));
            page.items().forEach(item -> rows.put(item.get("leaseKey").s(), new HashMap<>(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return rows;
    }

    /** The lease rows (KCL's rule: {@code entityType} absent or {@code LEASE}) keyed by shard id. */
    Map<String, Map<String, AttributeValue>> leases() {
        Map<String, Map<String, AttributeValue>> leases = new TreeMap<>();
        rows().forEach((key, row) -> {
            AttributeValue type = row.get("entityType");
            if ((type == null || "LEASE".equals(type.s())) && key.startsWith("shardId-")) {
                leases.put(key, row);
            }
        });
        return leases;
    }

    /** KCL 3's own rows (an {@code entityType} other than {@code LEASE}: migration state, leader, worker metrics). */
    Map<String, Map<String, AttributeValue>> kclRows() {
        Map<String, Map<String, AttributeValue>> kclRows = new TreeMap<>();
        rows().forEach((key, row) -> {
            AttributeValue type = row.get("entityType");
            if (type != null && !"LEASE".equals(type.s())) {
                kclRows.put(key, row);
            }
        });
        return kclRows;
    }

    /** The checkpoint of every lease, by shard id. */
    Map<String, Checkpoint> checkpoints() {
        Map<String, Checkpoint> checkpoints = new TreeMap<>();
        leases().forEach((key, row) -> checkpoints.put(key, Checkpoint.of(row)));
        return checkpoints;
    }

    /** The owner of every lease ({@code -} when unowned), by shard id. */
    Map<String, String> owners() {
        Map<String, String> owners = new TreeMap<>();
        leases().forEach((key, row) -> owners.put(key,
                row.containsKey("leaseOwner") ? row.get("leaseOwner").s() : "-"));
        return owners;
    }

    /** One line per row: key, entityType, owner, checkpoint; for the test log and the migration doc. */
    String describe() {
        StringBuilder text = new StringBuilder();
        rows().forEach((key, row) -> text.append("  ").append(key)
                .append(" entityType=").append(row.containsKey("entityType") ? row.get("entityType").s() : "-")
                .append(row.containsKey("leaseOwner") ? " owner=" + row.get("leaseOwner").s() : "")
                .append(row.containsKey("checkpoint") ? " checkpoint=" + row.get("checkpoint").s() : "")
                .append('\n'));
        return text.toString();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
