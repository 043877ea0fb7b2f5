package io.shardline.testing.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import io.shardline.testing.contract.CoordinationStoreContract;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The {@link CoordinationStoreContract} against DynamoDB (dynalite by default), plus its table and item layout. */
@WithLocalAws
class DynamoDbCoordinationStoreIT extends CoordinationStoreContract {

    private static LocalAws aws;
    private static TestNames names;

    @BeforeAll
    static void localAws(LocalAws localAws, TestNames testNames) {
        aws = localAws;
        names = testNames;
    }

    private LeaseTableConfig config;

    @Override
    protected CoordinationStore createStore() {
        config = LeaseTableConfig.builder(names.table()).tableCreationTimeout(Duration.ofSeconds(60)).build();
        return CoordinationStore.dynamoDb(aws.dynamoDbAsync(), config);
    }

    @Test
    void missingTableIsCreatedBesideTheLeaseTable() {
        TableDescription table = aws.dynamoDb().describeTable(b -> b.tableName(config.coordinationTableName()))
                .table();

        assertThat(table.tableName()).isEqualTo(config.tableName() + "-coordination");
        assertThat(table.keySchema()).singleElement().satisfies(k -> {
            assertThat(k.attributeName()).isEqualTo("id");
            assertThat(k.keyType()).isEqualTo(KeyType.HASH);
        });
        assertThat(table.globalSecondaryIndexes()).isEmpty();
        assertThat(store().tableName()).isEqualTo(config.coordinationTableName());
    }

    @Test
    void tableWithWrongKeySchemaFailsWithClearError() {
        LeaseTableConfig other = LeaseTableConfig.of(names.table());
        DynamoDbLeaseStoreIT.createForeignTable(aws, other.coordinationTableName(), "leaseKey", ScalarAttributeType.S);
        CoordinationStore store = CoordinationStore.dynamoDb(aws.dynamoDbAsync(), other);

        assertThatThrownBy(store::initialize)
                .isInstanceOfSatisfying(LeaseStoreException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getMessage()).contains(other.coordinationTableName(), "HASH leaseKey (S)",
                            "HASH id (S)");
                });
    }

    @Test
    void itemsUseTheDocumentedLayout() {
        store().heartbeat(A, true);
        store().notifyMember(A);
        store().renewLeader(store().tryAcquireLeader(B, null));

        Map<String, AttributeValue> member = raw(A);
        Map<String, AttributeValue> leader = raw("__leader__");

        assertThat(member.get("type").s()).isEqualTo("member");
        assertThat(member.get("heartbeat").n()).isEqualTo("1");
        assertThat(member.get("inboxVersion").n()).isEqualTo("1");
        assertThat(member.get("leaving").bool()).isTrue();
        assertThat(leader.get("holder").s()).isEqualTo(B);
        assertThat(leader.get("term").n()).isEqualTo("1");
        assertThat(leader.get("heartbeat").n()).isEqualTo("1");
        assertThat(leader).doesNotContainKey("type");
    }

    private Map<String, AttributeValue> raw(String id) {
        return aws.dynamoDb().getItem(b -> b.tableName(config.coordinationTableName()).consistentRead(true)
                .key(Map.of("id", AttributeValue.builder().s(id).build()))).item();
    }
}
