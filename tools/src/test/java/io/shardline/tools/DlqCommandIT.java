package io.shardline.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shardline.kcl.FailurePolicy;
import io.shardline.kcl.deadletter.DeadLetterEntry;
import io.shardline.kcl.deadletter.DeadLetterSink;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.TestRecord;
import io.shardline.testing.WithLocalAws;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Dead letters end to end: a worker gives up on two poison records (DynamoDB table sink), {@code dlq list} and
 * {@code dlq show} find them, the processor is fixed, {@code dlq redrive --all --delete} puts them back and the worker
 * processes them, and the table is empty after. The Kinesis stream sink: an entry written by the library's sink is
 * listed and redriven the same way.
 */
@WithLocalAws
class DlqCommandIT {

    private final LocalAws aws;

    DlqCommandIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void poisonRecordsAreDeadLetteredListedShownAndRedrivenIntoProcessing(TestNames names) throws Exception {
        String stream = names.stream();
        String table = names.unique("dlq");
        aws.streams().create(stream, 1);
        aws.dynamoDb().createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                        .attributeType(ScalarAttributeType.S).build()));
        aws.dynamoDb().waiter().waitUntilTableExists(b -> b.tableName(table));
        List<TestRecord> records = new ArrayList<>(TestFleet.records(0, 30, 5));
        records.add(TestRecord.of("key-1", "poison-1"));
        records.add(TestRecord.of("key-2", "poison-2"));
        aws.streams().putRecords(stream, records);

        try (TestFleet fleet = new TestFleet(aws, names.application(), stream, Duration.ofSeconds(10))) {
            fleet.poisonFails.set(true);
            fleet.failurePolicy = FailurePolicy.builder().maxAttempts(2).retryBackoffBase(Duration.ofMillis(10))
                    .retryBackoffMax(Duration.ofMillis(50))
                    .deadLetterSink(DeadLetterSink.dynamoDbTable(aws.dynamoDbAsync(), table)).build();
            fleet.start("w");
            StatusCommandIT.waiting("30 records processed, 2 dead-lettered").until(() -> fleet.distinct() == 30
                    && aws.dynamoDb().scan(b -> b.tableName(table)).count() == 2);

            TestFleet.Run list = fleet.cli("dlq", "list", "--dlq-table", table, "--json");
            assertThat(list.status()).as(list.err()).isZero();
            JsonNode entries = Json.MAPPER.readTree(list.out());
            assertThat(entries).hasSize(2);
            for (JsonNode e : entries) {
                assertThat(e.get("reason").asText()).isEqualTo("PROCESSING_FAILED");
                assertThat(e.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
                assertThat(e.get("errorMessage").asText()).startsWith("cannot process poison-");
                assertThat(e.get("shardId").asText()).isEqualTo("shardId-000000000000");
            }
            String id = entries.get(0).get("id").asText();
            TestFleet.Run show = fleet.cli("dlq", "show", id, "--dlq-table", table);
            assertThat(show.status()).isZero();
            assertThat(Json.MAPPER.readTree(show.out()).get("payload").asText()).startsWith("poison-");
            TestFleet.Run human = fleet.cli("dlq", "list", "--dlq-table", table);
            assertThat(human.out()).contains("ID", "PROCESSING_FAILED", "IllegalStateException", "2 dead letters");

            fleet.poisonFails.set(false);
            TestFleet.Run redrive = fleet.cli("dlq", "redrive", "--all", "--delete", "--dlq-table", table);
            assertThat(redrive.status()).as(redrive.out() + redrive.err()).isZero();
            assertThat(redrive.out()).contains("redrive summary: selected 2, sent 2, failed 0, deleted 2, "
                    + "not attempted 0");
            assertThat(redrive.err()).contains("2/2");
            StatusCommandIT.waiting("the redriven records processed").until(() -> fleet.processed.stream()
                    .filter(p -> p.data().startsWith("poison-")).count() == 2);
            assertThat(aws.dynamoDb().scan(b -> b.tableName(table)).count()).isZero();

            // The Kinesis stream sink: one entry written by the library's own sink.
            String dlqStream = names.unique("dlqs");
            aws.streams().create(dlqStream, 1);
            DeadLetterEntry entry = new DeadLetterEntry(fleet.application, stream, "shardId-000000000000", "1", 0,
                    "key-3", null, ByteBuffer.wrap("poison-3".getBytes(StandardCharsets.UTF_8)), Instant.now(),
                    Instant.now(), DeadLetterEntry.Reason.PROCESSING_FAILED, "java.lang.IllegalStateException",
                    "cannot process poison-3", 2, "w");
            DeadLetterSink.kinesisStream(aws.kinesisAsync(), dlqStream).send(entry);
            TestFleet.Run streamList = fleet.cli("dlq", "list", "--dlq-stream", dlqStream, "--json");
            assertThat(Json.MAPPER.readTree(streamList.out())).hasSize(1);
            TestFleet.Run streamRedrive = fleet.cli("dlq", "redrive", entry.recordKey(), "--dlq-stream", dlqStream);
            assertThat(streamRedrive.status()).as(streamRedrive.err()).isZero();
            assertThat(streamRedrive.out()).contains("sent 1, failed 0");
            StatusCommandIT.waiting("the stream sink's record processed").until(() -> fleet.processed.stream()
                    .anyMatch(p -> p.data().equals("poison-3")));
            TestFleet.Run refused = fleet.cli("dlq", "redrive", "--all", "--delete", "--dlq-stream", dlqStream);
            assertThat(refused.status()).isEqualTo(2);
            assertThat(refused.err()).contains("--delete works on a --dlq-table sink only");
        }
    }
}
