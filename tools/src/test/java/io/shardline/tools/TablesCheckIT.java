package io.shardline.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** {@code shardline tables check} on a KCL 2.x table, a table of another schema, Shardline's own, and none. */
@WithLocalAws
class TablesCheckIT {

    private final LocalAws aws;

    TablesCheckIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void reportsWhetherShardlineCanUseATableAndWhatItWouldChange(TestNames names) throws Exception {
        String kcl2 = names.unique("kcl2");
        createTable(kcl2, "leaseKey");
        aws.dynamoDb().putItem(b -> b.tableName(kcl2).item(Map.of("leaseKey", s("shardId-000000000000"),
                "leaseOwner", s("kcl-worker-1"), "leaseCounter", AttributeValue.fromN("42"),
                "checkpoint", s("49590338271490256608559692538361571095921575989136588802"),
                "checkpointSubSequenceNumber", AttributeValue.fromN("0"), "ownerSwitchesSinceCheckpoint",
                AttributeValue.fromN("0"))));
        aws.dynamoDb().putItem(b -> b.tableName(kcl2).item(Map.of("leaseKey", s("shardId-000000000001"),
                "checkpoint", s("SHARD_END"))));
        TestFleet fleet = new TestFleet(aws, kcl2, "unused", java.time.Duration.ofSeconds(10));
        TestFleet.Run run = fleet.cli("tables", "check", "--json");
        assertThat(run.status()).as(run.err()).isZero();
        var report = Json.MAPPER.readTree(run.out());
        assertThat(report.get("writtenBy").asText()).startsWith("Amazon KCL 2.x");
        assertThat(report.get("usable").asBoolean()).isTrue();
        assertThat(report.get("leases").get("total").asInt()).isEqualTo(2);
        assertThat(report.get("leases").get("finished").asInt()).isEqualTo(1);
        assertThat(report.toString()).contains("no owner index", "kcl-worker-1", "foreignOwnerTimeout",
                "leaseCounter", "pendingOwner", "-coordination");

        String other = names.unique("other");
        createTable(other, "pk");
        TestFleet.Run refused = new TestFleet(aws, other, "unused", java.time.Duration.ofSeconds(10))
                .cli("tables", "check");
        assertThat(refused.status()).isEqualTo(3);
        assertThat(refused.out()).contains("CANNOT", "is not a lease table's");

        String absent = names.unique("absent");
        TestFleet.Run none = new TestFleet(aws, absent, "unused", java.time.Duration.ofSeconds(10))
                .cli("tables", "check");
        assertThat(none.status()).isZero();
        assertThat(none.out()).contains("absent", "creates " + absent);

        String own = names.unique("own");
        var options = AwsOptions.of(own, null, aws.region().id(), aws.kinesisEndpoint(), aws.dynamoDbEndpoint());
        options.leaseStore().initialize();
        options.coordinationStore().initialize();
        options.close();
        TestFleet.Run shardline = new TestFleet(aws, own, "unused", java.time.Duration.ofSeconds(10))
                .cli("tables", "check");
        assertThat(shardline.status()).isZero();
        assertThat(shardline.out()).contains("written by Shardline", "Shardline CAN use it",
                "owner index LeaseOwnerToLeaseKeyIndex present");
    }

    private void createTable(String name, String hashKey) {
        aws.dynamoDb().createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName(hashKey)
                        .attributeType(ScalarAttributeType.S).build()));
        aws.dynamoDb().waiter().waitUntilTableExists(b -> b.tableName(name));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static List<String> unused() {
        return List.of();
    }
}
