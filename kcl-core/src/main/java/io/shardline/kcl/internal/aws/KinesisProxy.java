package io.shardline.kcl.internal.aws;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The narrow, asynchronous view of Kinesis that retrieval and shard discovery use: a handful of calls, domain types
 * in and out. Every returned future fails with a {@link io.shardline.kcl.retrieval.RetrievalException} (translated
 * once, naming the stream and shard), never with an SDK exception; {@code AwsErrors.unwrap} strips the
 * {@code CompletionException} that dependent stages add.
 *
 * <p>Thread-safe. Futures complete on the SDK's threads: callers hop to their own executor before heavy work.
 * The production implementation is {@link SdkKinesisProxy}; tests use an in-memory fake.
 */
public interface KinesisProxy {

    /** Every shard matching {@code filter} ({@code null}: all shards), following pagination to the end. */
    CompletableFuture<List<ShardDescription>> listShards(StreamRef stream, ShardListFilter filter);

    /** The stream's name, ARN, status and counts. */
    CompletableFuture<StreamSummary> describeStreamSummary(StreamRef stream);

    /** A shard iterator at {@code position}. */
    CompletableFuture<String> getShardIterator(StreamRef stream, String shardId, IteratorPosition position);

    /** Up to {@code limit} records from {@code shardIterator}. */
    CompletableFuture<RecordsResult> getRecords(StreamRef stream, String shardId, String shardIterator, int limit);

    /** Registers an enhanced fan-out consumer (it starts {@code CREATING}). */
    CompletableFuture<StreamConsumer> registerStreamConsumer(String streamArn, String consumerName);

    /** Describes a registered consumer; fails with a fatal {@code ResourceNotFoundException} when there is none. */
    CompletableFuture<StreamConsumer> describeStreamConsumer(String streamArn, String consumerName);

    /**
     * Opens an enhanced fan-out subscription and feeds it to {@code subscriber}: every outcome, including a failure
     * to open it, arrives there. Does not block.
     */
    void subscribeToShard(String consumerArn, String shardId, IteratorPosition position, ShardSubscriber subscriber);
}
