package io.shardline.kcl.deadletter;

import io.shardline.kcl.internal.deadletter.DynamoDbDeadLetterSink;
import io.shardline.kcl.internal.deadletter.KinesisDeadLetterSink;
import io.shardline.lease.StoreResilienceConfig;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Where the consumer parks records it gives up on (see {@link io.shardline.kcl.FailurePolicy}): the failing record
 * is stored here with its whole payload and context, and the shard goes on.
 *
 * <p><b>Contract.</b> {@link #send} returns only once the entry is stored durably; it throws
 * {@link DeadLetterException} otherwise, retryable or not. The consumer calls it on the shard's processing thread
 * (between processor callbacks, with the shard's MDC), never concurrently for one shard, possibly concurrently for
 * different shards: implementations must be thread-safe. Delivery is at least once: an entry may be sent again when
 * the worker stops before a later checkpoint covers the record, so consumers of the dead letters should deduplicate
 * by {@link DeadLetterEntry#recordKey()}.
 *
 * <p>Built-in sinks (the clients are the application's, never closed by the library; each write is retried on
 * throttling, 5xx and network errors with exponential backoff and jitter, as the {@link StoreResilienceConfig} retry
 * settings say; other errors fail at once):
 * <ul>
 *   <li>{@link #kinesisStream}: one {@code PutRecord} per entry, data = {@link DeadLetterEntry#toJson()} (UTF-8),
 *       partition key = the record's partition key, so one key's dead letters stay in order. Kinesis accepts 1 MiB
 *       per record: payloads above about 750 KiB (base64 grows them by a third) fail as fatal.</li>
 *   <li>{@link #dynamoDbTable}: one {@code PutItem} per entry into an existing table whose hash key is {@code id}
 *       (S) = {@link DeadLetterEntry#recordKey()}, so a re-sent entry overwrites itself. Attributes: the entry's
 *       fields under their names, payload in {@code data} (B), timestamps as ISO-8601 strings. DynamoDB items hold
 *       400 KB: larger payloads fail as fatal.</li>
 * </ul>
 */
public interface DeadLetterSink {

    /**
     * Stores {@code entry} durably.
     *
     * @throws DeadLetterException when it could not be stored
     */
    void send(DeadLetterEntry entry);

    /** A sink that puts each entry into the Kinesis stream {@code streamNameOrArn}, with the default retries. */
    static DeadLetterSink kinesisStream(KinesisAsyncClient client, String streamNameOrArn) {
        return kinesisStream(client, streamNameOrArn, StoreResilienceConfig.defaults());
    }

    /**
     * A sink that puts each entry into the Kinesis stream {@code streamNameOrArn}, retrying as {@code retry} says
     * ({@code maxAttempts}, backoff and jitter; the circuit-breaker settings are not used).
     */
    static DeadLetterSink kinesisStream(KinesisAsyncClient client, String streamNameOrArn,
            StoreResilienceConfig retry) {
        return new KinesisDeadLetterSink(client, streamNameOrArn, retry);
    }

    /** A sink that puts each entry into the DynamoDB table {@code tableName} (hash key {@code id} S). */
    static DeadLetterSink dynamoDbTable(DynamoDbAsyncClient client, String tableName) {
        return dynamoDbTable(client, tableName, StoreResilienceConfig.defaults());
    }

    /** Like {@link #dynamoDbTable(DynamoDbAsyncClient, String)}, retrying as {@code retry} says. */
    static DeadLetterSink dynamoDbTable(DynamoDbAsyncClient client, String tableName, StoreResilienceConfig retry) {
        return new DynamoDbDeadLetterSink(client, tableName, retry);
    }
}
