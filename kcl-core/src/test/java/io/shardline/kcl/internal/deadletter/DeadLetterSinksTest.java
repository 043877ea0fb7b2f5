package io.shardline.kcl.internal.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.deadletter.DeadLetterEntry;
import io.shardline.kcl.deadletter.DeadLetterException;
import io.shardline.kcl.deadletter.DeadLetterSink;
import io.shardline.lease.StoreResilienceConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

class DeadLetterSinksTest {

    private static final StoreResilienceConfig FAST = StoreResilienceConfig.builder().maxAttempts(3)
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();

    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final List<PutRecordRequest> puts = new CopyOnWriteArrayList<>();
    private final List<PutItemRequest> items = new CopyOnWriteArrayList<>();

    private final KinesisAsyncClient kinesis = new KinesisAsyncClient() {
        @Override
        public CompletableFuture<PutRecordResponse> putRecord(PutRecordRequest request) {
            puts.add(request);
            Throwable failure = failures.poll();
            return failure != null ? CompletableFuture.failedFuture(failure)
                    : CompletableFuture.completedFuture(PutRecordResponse.builder().sequenceNumber("1").build());
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {
        }
    };

    private final DynamoDbAsyncClient dynamoDb = new DynamoDbAsyncClient() {
        @Override
        public CompletableFuture<PutItemResponse> putItem(PutItemRequest request) {
            items.add(request);
            Throwable failure = failures.poll();
            return failure != null ? CompletableFuture.failedFuture(failure)
                    : CompletableFuture.completedFuture(PutItemResponse.builder().build());
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    };

    private static DeadLetterEntry entry(int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        payload[0] = 'x';
        KinesisClientRecord record = KinesisClientRecord.plain("key-1", "4960", Instant.EPOCH, ByteBuffer.wrap(payload));
        return DeadLetterEntry.of("app", "orders", "shardId-000000000000", record, Instant.EPOCH,
                DeadLetterEntry.Reason.PROCESSING_FAILED, new IllegalStateException("boom"), 3, "w1");
    }

    @Test
    void theKinesisSinkPutsTheEntryAsJsonUnderTheRecordsPartitionKey() {
        DeadLetterSink sink = DeadLetterSink.kinesisStream(kinesis, "orders-dlq", FAST);
        DeadLetterEntry entry = entry(5);

        sink.send(entry);

        assertThat(puts).singleElement().satisfies(put -> {
            assertThat(put.streamName()).isEqualTo("orders-dlq");
            assertThat(put.partitionKey()).isEqualTo("key-1");
            assertThat(DeadLetterEntry.fromJson(put.data().asString(StandardCharsets.UTF_8))).isEqualTo(entry);
        });
    }

    @Test
    void theKinesisSinkAcceptsAStreamArn() {
        DeadLetterSink.kinesisStream(kinesis, "arn:aws:kinesis:us-east-1:1:stream/dlq", FAST).send(entry(1));

        assertThat(puts.get(0).streamARN()).isEqualTo("arn:aws:kinesis:us-east-1:1:stream/dlq");
    }

    @Test
    void throttlingAnd5xxAndNetworkErrorsAreRetried() {
        failures.add(ProvisionedThroughputExceededException.builder().statusCode(400).message("slow down")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                .build());
        failures.add(AwsServiceException.builder().statusCode(503).message("unavailable").build());

        DeadLetterSink.kinesisStream(kinesis, "dlq", FAST).send(entry(1));

        assertThat(puts).hasSize(3);
        failures.add(SdkClientException.create("connection refused"));
        DeadLetterSink.dynamoDbTable(dynamoDb, "dlq", FAST).send(entry(1));
        assertThat(items).hasSize(2);
    }

    @Test
    void retriesStopAfterMaxAttemptsWithARetryableError() {
        for (int i = 0; i < 3; i++) {
            failures.add(AwsServiceException.builder().statusCode(500).message("down").build());
        }

        assertThatThrownBy(() -> DeadLetterSink.kinesisStream(kinesis, "dlq", FAST).send(entry(1)))
                .isInstanceOfSatisfying(DeadLetterException.class, e -> {
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.sink()).isEqualTo("Kinesis stream dlq");
                });
        assertThat(puts).hasSize(3);
    }

    @Test
    void fatalErrorsFailAtOnce() {
        failures.add(ResourceNotFoundException.builder().statusCode(400).message("no stream")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException")
                        .errorMessage("no stream").build()).build());

        assertThatThrownBy(() -> DeadLetterSink.kinesisStream(kinesis, "dlq", FAST).send(entry(1)))
                .isInstanceOfSatisfying(DeadLetterException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("ResourceNotFoundException");
        assertThat(puts).hasSize(1);
    }

    @Test
    void entriesLargerThanTheTargetAcceptsAreFatalWithoutACall() {
        assertThatThrownBy(() -> DeadLetterSink.kinesisStream(kinesis, "dlq", FAST).send(entry(800 * 1024)))
                .isInstanceOfSatisfying(DeadLetterException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("above the Kinesis limit");
        assertThatThrownBy(() -> DeadLetterSink.dynamoDbTable(dynamoDb, "dlq", FAST).send(entry(399 * 1024)))
                .isInstanceOfSatisfying(DeadLetterException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("400 KB");
        assertThat(puts).isEmpty();
        assertThat(items).isEmpty();
    }

    @Test
    void theDynamoDbSinkKeysTheItemByRecordSoAResentEntryOverwritesItself() {
        DeadLetterSink.dynamoDbTable(dynamoDb, "orders-dlq", FAST).send(entry(3));

        assertThat(items).singleElement().satisfies(put -> {
            assertThat(put.tableName()).isEqualTo("orders-dlq");
            assertThat(put.item().get("id")).isEqualTo(AttributeValue.fromS("orders/shardId-000000000000/4960/0"));
            assertThat(put.item().get("data").b().asByteArray()).containsExactly('x', 0, 0);
            assertThat(put.item().get("attempts")).isEqualTo(AttributeValue.fromN("3"));
            assertThat(put.item().get("errorClass")).isEqualTo(AttributeValue.fromS("java.lang.IllegalStateException"));
            assertThat(put.item()).doesNotContainKey("explicitHashKey");
        });
    }
}
