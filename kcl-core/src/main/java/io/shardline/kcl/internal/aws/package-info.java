/**
 * The narrow Kinesis boundary: {@link io.shardline.kcl.internal.aws.KinesisProxy} (a handful of asynchronous calls,
 * domain types in and out) over the user's {@code KinesisAsyncClient}, and
 * {@link io.shardline.kcl.internal.aws.KinesisErrors}, the one place where SDK exceptions become
 * {@link io.shardline.kcl.retrieval.RetrievalException}s naming the stream and shard.
 * {@link io.shardline.kcl.internal.aws.ListShardsRetry} retries the shard sync's {@code ListShards}.
 */
package io.shardline.kcl.internal.aws;
