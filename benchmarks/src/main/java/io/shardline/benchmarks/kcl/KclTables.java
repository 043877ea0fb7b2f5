package io.shardline.benchmarks.kcl;

import io.shardline.benchmarks.harness.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

/**
 * Creates the lease table of a KCL 3 application before its first worker starts. KCL 3 wants the GSI
 * {@value #LEASE_OWNER_INDEX} (HASH {@code leaseOwner}, RANGE {@code leaseKey}, KEYS_ONLY) and adds it with
 * UpdateTable when missing, which dynalite does not support; created in the CreateTable call, it is there from the
 * start and KCL only checks that it is ACTIVE.
 */
public final class KclTables {

    /** KCL 3's index of leases by owner. */
    public static final String LEASE_OWNER_INDEX = "LeaseOwnerToLeaseKeyIndex";

    private static final Logger log = LoggerFactory.getLogger(KclTables.class);
    private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(30);

    private KclTables() {
    }

    /** Creates the lease table {@code application} (KCL's default name) with its owner index, and waits for it. */
    public static void createLeaseTable(DynamoDbClient dynamoDb, String application) {
        dynamoDb.createTable(b -> b.tableName(application)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("leaseKey"), attribute("leaseOwner"))
                .keySchema(key("leaseKey", KeyType.HASH))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(LEASE_OWNER_INDEX)
                        .keySchema(key("leaseOwner", KeyType.HASH), key("leaseKey", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .build()));
        awaitActive(dynamoDb, application);
        log.info("Created KCL lease table {} with index {}", application, LEASE_OWNER_INDEX);
    }

    /**
     * Writes one unowned KCL lease per shard at TRIM_HORIZON, as KCL's own shard sync would, so that a worker starting
     * on this table skips KCL's cold start: with an empty table KCL polls for a random 1-30 s before its leader
     * creates the leases, and after creating them the leader's shard sync sleeps {@code shardSyncIntervalMillis}
     * (60 s by default) before the worker starts. With the leases present, neither happens; KCL's lease assignment
     * (the leader's LeaseAssignmentManager) still hands them out on its own cycle.
     */
    public static void createLeases(DynamoDbClient dynamoDb, String application, List<Shard> shards) {
        for (Shard shard : shards) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("leaseKey", s(shard.shardId()));
            item.put("checkpoint", s("TRIM_HORIZON"));
            item.put("checkpointSubSequenceNumber", n(0));
            item.put("leaseCounter", n(0));
            item.put("ownerSwitchesSinceCheckpoint", n(0));
            item.put("startingHashKey", s(shard.hashKeyRange().startingHashKey()));
            item.put("endingHashKey", s(shard.hashKeyRange().endingHashKey()));
            List<String> parents = new ArrayList<>();
            if (shard.parentShardId() != null) {
                parents.add(shard.parentShardId());
            }
            if (shard.adjacentParentShardId() != null) {
                parents.add(shard.adjacentParentShardId());
            }
            if (!parents.isEmpty()) {
                item.put("parentShardId", AttributeValue.builder().ss(parents).build());
            }
            dynamoDb.putItem(b -> b.tableName(application).item(item)
                    .conditionExpression("attribute_not_exists(leaseKey)"));
        }
        log.info("Wrote {} KCL leases to {}", shards.size(), application);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    private static void awaitActive(DynamoDbClient dynamoDb, String table) {
        Wait.until("table " + table + " ACTIVE", ACTIVE_TIMEOUT, () -> dynamoDb.describeTable(b -> b.tableName(table))
                .table().tableStatus() == TableStatus.ACTIVE);
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
