package io.shardline.testing.lease;

import static io.shardline.testing.contract.LeaseAssert.assertFenced;
import static io.shardline.testing.contract.LeaseAssert.assertOk;
import static io.shardline.testing.contract.LeaseAssert.assertThatLease;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.lease.Checkpoint;
import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.CoordinationStore;
import io.shardline.lease.HashKeyRange;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.lease.LeaseToken;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import io.shardline.testing.contract.LeaseStoreContract;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The {@link LeaseStoreContract} against DynamoDB (dynalite by default), plus what only DynamoDB has: tables. */
@WithLocalAws
class DynamoDbLeaseStoreIT extends LeaseStoreContract {

    private static LocalAws aws;
    private static TestNames names;

    @BeforeAll
    static void localAws(LocalAws localAws, TestNames testNames) {
        aws = localAws;
        names = testNames;
    }

    private LeaseTableConfig config;

    @Override
    protected LeaseStore createStore() {
        config = LeaseTableConfig.builder(names.table()).tableCreationTimeout(Duration.ofSeconds(60)).build();
        return LeaseStore.dynamoDb(aws.dynamoDbAsync(), config);
    }

    @Override
    protected void putItem(Map<String, AttributeValue> item) {
        putRaw(item);
    }

    @Override
    protected Optional<Map<String, AttributeValue>> rawItem(String leaseKey) {
        Map<String, AttributeValue> item = getRaw(leaseKey);
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    @Test
    void missingTableIsCreatedWithTheOwnerIndexAndOnDemandBilling() {
        TableDescription table = describe(config.tableName());

        assertThat(table.keySchema()).singleElement().satisfies(k -> {
            assertThat(k.attributeName()).isEqualTo("leaseKey");
            assertThat(k.keyType()).isEqualTo(KeyType.HASH);
        });
        assertThat(table.attributeDefinitions()).allMatch(a -> a.attributeType() == ScalarAttributeType.S);
        assertThat(table.globalSecondaryIndexes()).singleElement().satisfies(index -> {
            assertThat(index.indexName()).isEqualTo("LeaseOwnerToLeaseKeyIndex");
            assertThat(index.keySchema()).extracting(k -> k.keyType() + " " + k.attributeName())
                    .containsExactly("HASH leaseOwner", "RANGE leaseKey");
            assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
        });
        assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    }

    @Test
    void createdTablesGetTheirTagsAndTheCallbackEveryTableOnce() {
        List<String> created = new CopyOnWriteArrayList<>();
        LeaseTableConfig tagged = LeaseTableConfig.builder(names.table()).tag("team", "payments")
                .tag("env", "test").onTableCreated(created::add).build();

        LeaseStore.dynamoDb(aws.dynamoDbAsync(), tagged).initialize();
        CoordinationStore.dynamoDb(aws.dynamoDbAsync(), tagged).initialize();
        LeaseStore.dynamoDb(aws.dynamoDbAsync(), tagged).initialize(); // exists: no callback, no new tags

        // The coordination store also creates the status table (workers' published load and lag).
        assertThat(created).containsExactly(tagged.tableName(), tagged.coordinationTableName(),
                tagged.statusTableName());
        for (String table : created) {
            String arn = describe(table).tableArn();
            assertThat(aws.dynamoDb().listTagsOfResource(b -> b.resourceArn(arn)).tags())
                    .extracting(t -> t.key() + "=" + t.value()).containsExactlyInAnyOrder("team=payments", "env=test");
        }
    }

    @Test
    void aTableWithDeletionProtectionIsCreatedAndUsable() {
        LeaseTableConfig protectedTable = LeaseTableConfig.builder(names.table()).deletionProtection(true).build();
        LeaseStore store = LeaseStore.dynamoDb(aws.dynamoDbAsync(), protectedTable);

        store.initialize();

        // dynalite accepts DeletionProtectionEnabled but neither stores nor reports it (DescribeTable has no such
        // field): the request itself is checked in TableBootstrapTest.
        assertThat(store.createIfAbsent(Lease.unowned("shardId-0"))).isTrue();
    }

    @Test
    void pointInTimeRecoveryIsNotEmulatedByDynaliteAndFailsInitializeNamingTheCall() {
        LeaseTableConfig pitr = LeaseTableConfig.builder(names.table()).pointInTimeRecovery(true).build();

        assertThatThrownBy(() -> LeaseStore.dynamoDb(aws.dynamoDbAsync(), pitr).initialize())
                .isInstanceOfSatisfying(LeaseStoreException.class, e -> {
                    assertThat(e.table()).isEqualTo(pitr.tableName());
                    assertThat(e.getMessage()).contains("UpdateContinuousBackups");
                });
    }

    @Test
    void provisionedTableIsCreatedWithItsCapacity() {
        LeaseTableConfig provisioned = LeaseTableConfig.builder(names.table()).provisioned(7, 3).build();

        LeaseStore.dynamoDb(aws.dynamoDbAsync(), provisioned).initialize();

        TableDescription table = describe(provisioned.tableName());
        assertThat(table.provisionedThroughput().readCapacityUnits()).isEqualTo(7);
        assertThat(table.provisionedThroughput().writeCapacityUnits()).isEqualTo(3);
        assertThat(table.globalSecondaryIndexes().get(0).provisionedThroughput().readCapacityUnits()).isEqualTo(7);
    }

    @Test
    void concurrentInitializeCreatesTheTableOnceAndBothStoresWork() throws Exception {
        LeaseTableConfig shared = LeaseTableConfig.of(names.table());
        LeaseStore first = LeaseStore.dynamoDb(aws.dynamoDbAsync(), shared);
        LeaseStore second = LeaseStore.dynamoDb(aws.dynamoDbAsync(), shared);
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "shardline-it-initialize"));
        try {
            Future<?> a = pool.submit(first::initialize);
            Future<?> b = pool.submit(second::initialize);
            a.get(60, TimeUnit.SECONDS);
            b.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(first.createIfAbsent(Lease.unowned("shardId-0"))).isTrue();
        assertThat(second.get("shardId-0")).contains(Lease.unowned("shardId-0"));
    }

    @Test
    void tableWithWrongKeySchemaFailsWithClearError() {
        String table = names.table();
        createForeignTable(aws, table, "shardId", ScalarAttributeType.N);
        LeaseStore store = LeaseStore.dynamoDb(aws.dynamoDbAsync(), LeaseTableConfig.of(table));

        assertThatThrownBy(store::initialize)
                .isInstanceOfSatisfying(LeaseStoreException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.table()).isEqualTo(table);
                    assertThat(e.getMessage()).contains(table, "HASH shardId (N)", "HASH leaseKey (S)");
                });
    }

    @Test
    void kclTwoTableWithoutOwnerIndexIsServedByAScan() {
        String table = names.table();
        createForeignTable(aws, table, "leaseKey", ScalarAttributeType.S);
        LeaseStore store = LeaseStore.dynamoDb(aws.dynamoDbAsync(), LeaseTableConfig.of(table));
        store.initialize();
        store.createIfAbsent(Lease.unowned("shardId-1"));
        store.createIfAbsent(Lease.unowned("shardId-2"));
        Lease owned = assertOk(store.transfer(new LeaseToken("shardId-1", null, 0), A));

        assertThat(store.listOwnedBy(A)).containsExactly(owned);
        assertThat(describe(table).globalSecondaryIndexes()).isEmpty();
    }

    @Test
    void leaseRowDeletedByHandReadsAsEmptyAndFencedWritesOnItAreFenced() {
        Lease lease = ownedBy("shardId-0", A);
        aws.dynamoDb().deleteItem(b -> b.tableName(config.tableName()).key(Map.of("leaseKey", s("shardId-0"))));

        assertThat(store().get("shardId-0")).isEmpty();
        assertFenced(store().transfer(lease.token(), B));
        assertFenced(store().transfer(new LeaseToken("shardId-0", null, 0), B));
        assertFenced(store().requestHandoff(lease.token(), B));
        assertFenced(store().checkpoint(lease.token(), CheckpointUpdate.commit(Checkpoint.of("9"), null)));
        assertFenced(store().updateChildren("shardId-0", Set.of("shardId-1")));
        assertFenced(store().delete(lease.token()));
        assertThat(store().get("shardId-0")).as("no fenced write re-created the row").isEmpty();
    }

    @Test
    void readsKclWrittenRow() {
        Map<String, AttributeValue> row = kclRow("shardId-000000000003");
        row.put("leaseOwner", s("kcl-worker-1"));
        row.put("leaseCounter", n("41"));
        row.put("parentShardId", AttributeValue.builder().ss("shardId-000000000001").build());
        row.put("startingHashKey", s("0"));
        row.put("endingHashKey", s("170141183460469231731687303715884105727"));
        row.put("pendingCheckpoint", s("49612345678901234567890123456789012345678901234567890"));
        row.put("pendingCheckpointSubSequenceNumber", n("4"));
        row.put("pendingCheckpointState", AttributeValue.builder().b(SdkBytes.fromUtf8String("kcl")).build());
        putRaw(row);

        Lease lease = store().get("shardId-000000000003").orElseThrow();

        assertThatLease(lease).isOwnedBy("kcl-worker-1").hasCounter(41)
                .hasCheckpoint(new Checkpoint("49612345678901234567890123456789012345678901234567777", 2))
                .hasPendingCheckpoint(new Checkpoint("49612345678901234567890123456789012345678901234567890", 4))
                .hasPendingState("kcl".getBytes()).hasNoPendingOwner().hasState(null)
                .hasOwnerSwitchesSinceCheckpoint(1);
        assertThat(lease.parentLeaseKeys()).containsExactly("shardId-000000000001");
        assertThat(lease.hashKeyRange()).isEqualTo(HashKeyRange.of("0", "170141183460469231731687303715884105727"));
        assertThat(store().list()).containsExactly(lease);
    }

    @Test
    void kclRowWithoutOwnerOrCounterCanBeTakenAndKeepsItsExtraAttributes() {
        putRaw(kclRow("shardId-000000000004"));
        Lease lease = store().get("shardId-000000000004").orElseThrow();
        assertThatLease(lease).isUnowned().hasCounter(0);

        Lease taken = assertOk(store().transfer(lease.token(), A));
        assertOk(store().checkpoint(taken.token(), CheckpointUpdate.commit(Checkpoint.of("4961"), null)));

        assertThatLease(taken).isOwnedBy(A).hasCounter(1).hasOwnerSwitchesSinceCheckpoint(2);
        Map<String, AttributeValue> raw = getRaw("shardId-000000000004");
        assertThat(raw.get("throughputKBps").n()).isEqualTo("12.5");
        assertThat(raw.get("checkpointOwner").s()).isEqualTo("kcl-worker-9");
        assertThat(raw.get("leaseCounter").n()).isEqualTo("1");
        assertThat(raw.get("ownerSwitchesSinceCheckpoint").n()).isEqualTo("0");
    }

    @Test
    void writesUseKclAttributeNamesAndTypes() {
        Lease lease = ownedBy("shardId-0", A);
        assertOk(store().checkpoint(lease.token(), CheckpointUpdate.commit(new Checkpoint("123", 4), bytes(1))));
        assertOk(store().checkpoint(lease.token(), CheckpointUpdate.prepare(new Checkpoint("124", 5), bytes(2))));
        assertOk(store().requestHandoff(lease.token(), B));

        Map<String, AttributeValue> raw = getRaw("shardId-0");

        assertThat(raw.get("leaseOwner").s()).isEqualTo(A);
        assertThat(raw.get("leaseCounter").n()).isEqualTo("1");
        assertThat(raw.get("checkpoint").s()).isEqualTo("123");
        assertThat(raw.get("checkpointSubSequenceNumber").n()).isEqualTo("4");
        assertThat(raw.get("pendingCheckpoint").s()).isEqualTo("124");
        assertThat(raw.get("pendingCheckpointSubSequenceNumber").n()).isEqualTo("5");
        assertThat(raw.get("pendingCheckpointState").b().asByteArray()).containsExactly(2);
        assertThat(raw.get("checkpointState").b().asByteArray()).containsExactly(1);
        assertThat(raw.get("ownerSwitchesSinceCheckpoint").n()).isEqualTo("0");
        assertThat(raw.get("pendingOwner").s()).isEqualTo(B);
    }

    @Test
    void missingTableWithoutInitializeIsAFatalErrorNamingIt() {
        String table = names.table();
        LeaseStore store = LeaseStore.dynamoDb(aws.dynamoDbAsync(), LeaseTableConfig.of(table));

        assertThatThrownBy(() -> store.get("shardId-0"))
                .isInstanceOfSatisfying(LeaseStoreException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.table()).isEqualTo(table);
                    assertThat(e.leaseKey()).isEqualTo("shardId-0");
                });
    }

    @Test
    void unreachableEndpointIsARetryableError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (DynamoDbAsyncClient unreachable = DynamoDbAsyncClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            LeaseStore store = LeaseStore.dynamoDb(unreachable, LeaseTableConfig.of("unreachable"));

            assertThatThrownBy(() -> store.get("shardId-0"))
                    .isInstanceOfSatisfying(LeaseStoreException.class, e -> assertThat(e.isRetryable()).isTrue());
        }
    }

    /** A row as KCL 3.x writes it for an unowned lease: no leaseOwner, no leaseCounter, extra attributes. */
    private static Map<String, AttributeValue> kclRow(String leaseKey) {
        Map<String, AttributeValue> row = new HashMap<>();
        row.put("leaseKey", s(leaseKey));
        row.put("checkpoint", s("49612345678901234567890123456789012345678901234567777"));
        row.put("checkpointSubSequenceNumber", n("2"));
        row.put("ownerSwitchesSinceCheckpoint", n("1"));
        row.put("throughputKBps", n("12.5"));
        row.put("checkpointOwner", s("kcl-worker-9"));
        row.put("isMarkedForLeaseSteal", AttributeValue.builder().bool(false).build());
        return row;
    }

    private void putRaw(Map<String, AttributeValue> row) {
        aws.dynamoDb().putItem(b -> b.tableName(config.tableName()).item(row));
    }

    private Map<String, AttributeValue> getRaw(String leaseKey) {
        return aws.dynamoDb().getItem(b -> b.tableName(config.tableName()).consistentRead(true)
                .key(Map.of("leaseKey", s(leaseKey)))).item();
    }

    private static TableDescription describe(String table) {
        return aws.dynamoDb().describeTable(b -> b.tableName(table)).table();
    }

    /** Creates a table as someone else would have: hash key {@code hashKey} of {@code type}, no index. */
    static void createForeignTable(LocalAws aws, String table, String hashKey, ScalarAttributeType type) {
        aws.dynamoDb().createTable(CreateTableRequest.builder().tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName(hashKey).attributeType(type).build())
                .build());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(String value) {
        return AttributeValue.builder().n(value).build();
    }
}
