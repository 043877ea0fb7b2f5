package io.shardline.testing.faults;

import static io.shardline.testing.faults.FaultIt.count;
import static io.shardline.testing.faults.FaultIt.records;
import static io.shardline.testing.faults.FaultIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.shardline.kcl.FailurePolicy;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.SchedulerMetrics;
import io.shardline.kcl.deadletter.DeadLetterEntry;
import io.shardline.kcl.deadletter.DeadLetterSink;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.TestRecord;
import io.shardline.testing.WithLocalAws;
import io.shardline.testing.faults.FaultInjector.Service;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * A processor that throws on one record: the record is isolated, parked in the dead letters with its payload and
 * context, and the shard goes on with the next one. Both built-in sinks; the Kinesis sink's own writes are throttled
 * twice on the way, which its retries absorb.
 */
@WithLocalAws
class PoisonRecordIT extends FaultSuite {

    private static final String POISON = "d-poison";

    PoisonRecordIT(LocalAws aws) {
        super(aws);
    }

    @Test
    void aRecordThatAlwaysFailsIsDeadLetteredToAKinesisStreamAndTheShardGoesOn(TestNames names) {
        String stream = names.stream();
        String deadLetters = names.unique("dlq");
        aws.streams().create(deadLetters, 1);
        Fault throttledSink = faults.on(Service.KINESIS, "PutRecord").times(2).throttle();
        DeadLetterSink sink = DeadLetterSink.kinesisStream(clients.kinesisAsync(), deadLetters);

        List<String> sequenceNumbers = runWithPoison(names.application(), stream, sink);

        Record parked = waitForOne(deadLetters);
        DeadLetterEntry entry = DeadLetterEntry.fromJson(parked.data().asString(StandardCharsets.UTF_8));
        assertThat(parked.partitionKey()).isEqualTo("key-poison");
        assertThat(new String(entry.dataAsBytes(), StandardCharsets.UTF_8)).isEqualTo(POISON);
        assertThat(entry.sequenceNumber()).isEqualTo(sequenceNumbers.get(50));
        assertThat(entry.stream()).isEqualTo(stream);
        assertThat(entry.shardId()).startsWith("shardId-");
        assertThat(entry.partitionKey()).isEqualTo("key-poison");
        assertThat(entry.errorClass()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(entry.errorMessage()).isEqualTo("cannot parse order " + POISON);
        assertThat(entry.attempts()).isGreaterThanOrEqualTo(3);
        assertThat(entry.reason()).isEqualTo(DeadLetterEntry.Reason.PROCESSING_FAILED);
        assertThat(entry.failedAt()).isAfterOrEqualTo(entry.arrivedAt());
        assertThat(throttledSink.hits()).isEqualTo(2);
        assertThat(logs.lines(Level.WARN, "dead-lettered to Kinesis stream " + deadLetters, entry.sequenceNumber(),
                "IllegalArgumentException", "cannot parse order")).hasSize(1);
    }

    @Test
    void aRecordThatAlwaysFailsIsDeadLetteredToADynamoDbTable(TestNames names) {
        String table = names.table();
        aws.dynamoDb().createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
        waiting("the dead-letter table active").until(() -> aws.dynamoDb().describeTable(b -> b.tableName(table))
                .table().tableStatus() == TableStatus.ACTIVE);
        String stream = names.stream();

        List<String> sequenceNumbers = runWithPoison(names.application(), stream,
                DeadLetterSink.dynamoDbTable(clients.dynamoDbAsync(), table));

        List<Map<String, AttributeValue>> items = aws.dynamoDb().scan(b -> b.tableName(table).consistentRead(true))
                .items();
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.get("data").b().asUtf8String()).isEqualTo(POISON);
            assertThat(item.get("sequenceNumber").s()).isEqualTo(sequenceNumbers.get(50));
            assertThat(item.get("id").s()).startsWith(stream + "/shardId-").endsWith("/" + sequenceNumbers.get(50) + "/0");
            assertThat(item.get("errorMessage").s()).isEqualTo("cannot parse order " + POISON);
            assertThat(Integer.parseInt(item.get("attempts").n())).isGreaterThanOrEqualTo(3);
        });
    }

    /** Writes 100 records with the poison at index 50, processes them: returns the sequence numbers written. */
    private List<String> runWithPoison(String application, String stream, DeadLetterSink sink) {
        tally.poison.add(POISON);
        aws.streams().create(stream, 1);
        List<TestRecord> written = new java.util.ArrayList<>(records(0, 100));
        written.set(50, TestRecord.of("key-poison", POISON));
        List<String> sequenceNumbers = aws.streams().putRecords(stream, written);
        Scheduler worker = start(application, stream, c -> c.failurePolicy(FailurePolicy.builder()
                .deadLetterSink(sink).retryBackoffBase(Duration.ofMillis(20)).retryBackoffMax(Duration.ofMillis(200))
                .build()));

        aws.streams().putRecords(stream, records(100, 150));
        waiting("every other record processed").until(() -> tally.distinct() == 149);
        waiting("the poison record dead-lettered")
                .until(() -> count(registry, SchedulerMetrics.DEAD_LETTERED, "reason", "processing_failed") == 1);
        assertThat(tally.processed(POISON)).isFalse();
        assertThat(worker.ownedLeaseKeys()).hasSize(1);
        assertThat(count(registry, SchedulerMetrics.SHARDS_STOPPED)).isZero();
        assertThat(Set.copyOf(tally.counts.keySet())).doesNotContain(POISON);
        return sequenceNumbers;
    }

    private Record waitForOne(String stream) {
        String shard = aws.streams().listShards(stream).get(0).shardId();
        waiting("the dead letter in " + stream).until(() -> aws.streams().readShard(stream, shard).size() == 1);
        return aws.streams().readShard(stream, shard).get(0);
    }
}
