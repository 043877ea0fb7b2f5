package io.shardline.kcl.internal.aws;

import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.internal.kpl.Deaggregator;
import io.shardline.kcl.retrieval.ChildShard;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.HashKeyRange;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamConsumerRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.KinesisRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.RegisterStreamConsumerRequest;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;

/**
 * {@link KinesisProxy} over the user's {@link KinesisAsyncClient}. The client is not owned: it is not closed here.
 * Thread-safe.
 */
public final class SdkKinesisProxy implements KinesisProxy {

    /**
     * The returned future of every request but {@code SubscribeToShard} also fails (as a retryable timeout) this long
     * after the request's {@code apiCallTimeout}, whatever the client does.
     */
    private static final Duration GRACE = Duration.ofMillis(500);

    private final KinesisAsyncClient client;
    private final Duration callTimeout;
    private final Duration attemptTimeout;

    /** With {@link RetrievalConfig#defaults()}' request timeouts. */
    public SdkKinesisProxy(KinesisAsyncClient client) {
        this(client, RetrievalConfig.defaults());
    }

    /**
     * With {@code config}'s {@link RetrievalConfig#requestTimeout() requestTimeout} and
     * {@link RetrievalConfig#requestAttemptTimeout() requestAttemptTimeout} as the SDK {@code apiCallTimeout} and
     * {@code apiCallAttemptTimeout} of every request but {@code SubscribeToShard} (which lasts up to five minutes), set
     * in the request's override configuration whatever the client was built with.
     */
    public SdkKinesisProxy(KinesisAsyncClient client, RetrievalConfig config) {
        this.client = Objects.requireNonNull(client, "client");
        this.callTimeout = config.requestTimeout();
        this.attemptTimeout = config.requestAttemptTimeout();
    }

    @Override
    public CompletableFuture<List<ShardDescription>> listShards(StreamRef stream, ShardListFilter filter) {
        ListShardsRequest.Builder first = ListShardsRequest.builder();
        if (stream.name() != null) {
            first.streamName(stream.name());
        } else {
            first.streamARN(stream.arn());
        }
        if (filter != null) {
            first.shardFilter(toSdk(filter));
        }
        return call("ListShards", stream, null,
                () -> listPages(first.build(), new ArrayList<>()).thenApply(List::copyOf));
    }

    private CompletableFuture<List<ShardDescription>> listPages(ListShardsRequest request,
            List<ShardDescription> collected) {
        return client.listShards(timed(request)).thenCompose(response -> {
            for (Shard shard : response.shards()) {
                collected.add(toDescription(shard));
            }
            if (response.nextToken() == null) {
                return CompletableFuture.completedFuture(collected);
            }
            // A request with a NextToken must name neither the stream nor a filter.
            return listPages(ListShardsRequest.builder().nextToken(response.nextToken()).build(), collected);
        });
    }

    @Override
    public CompletableFuture<StreamSummary> describeStreamSummary(StreamRef stream) {
        DescribeStreamSummaryRequest.Builder request = DescribeStreamSummaryRequest.builder();
        if (stream.name() != null) {
            request.streamName(stream.name());
        } else {
            request.streamARN(stream.arn());
        }
        return call("DescribeStreamSummary", stream, null, () -> client.describeStreamSummary(timed(request.build()))
                .thenApply(response -> toSummary(response.streamDescriptionSummary())));
    }

    @Override
    public CompletableFuture<String> getShardIterator(StreamRef stream, String shardId, IteratorPosition position) {
        GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder()
                .shardId(shardId)
                .shardIteratorType(ShardIteratorType.fromValue(position.type().name()))
                .startingSequenceNumber(position.sequenceNumber())
                .timestamp(position.timestamp());
        if (stream.name() != null) {
            request.streamName(stream.name());
        } else {
            request.streamARN(stream.arn());
        }
        return call("GetShardIterator", stream, shardId,
                () -> client.getShardIterator(timed(request.build())).thenApply(response -> response.shardIterator()));
    }

    @Override
    public CompletableFuture<RecordsResult> getRecords(StreamRef stream, String shardId, String shardIterator,
            int limit) {
        GetRecordsRequest.Builder request = GetRecordsRequest.builder().shardIterator(shardIterator).limit(limit);
        if (stream.arn() != null) {
            request.streamARN(stream.arn());
        }
        return call("GetRecords", stream, shardId,
                () -> client.getRecords(timed(request.build())).thenApply(SdkKinesisProxy::toResult));
    }

    @Override
    public CompletableFuture<StreamConsumer> registerStreamConsumer(String streamArn, String consumerName) {
        RegisterStreamConsumerRequest request = RegisterStreamConsumerRequest.builder()
                .streamARN(streamArn).consumerName(consumerName).build();
        return call("RegisterStreamConsumer", StreamRef.of(streamArn), null,
                () -> client.registerStreamConsumer(timed(request))
                        .thenApply(response -> toConsumer(response.consumer())));
    }

    @Override
    public CompletableFuture<StreamConsumer> describeStreamConsumer(String streamArn, String consumerName) {
        DescribeStreamConsumerRequest request = DescribeStreamConsumerRequest.builder()
                .streamARN(streamArn).consumerName(consumerName).build();
        return call("DescribeStreamConsumer", StreamRef.of(streamArn), null,
                () -> client.describeStreamConsumer(timed(request))
                        .thenApply(response -> toConsumer(response.consumerDescription())));
    }

    @Override
    public void subscribeToShard(String consumerArn, String shardId, IteratorPosition position,
            ShardSubscriber subscriber) {
        SubscribeToShardRequest request = SubscribeToShardRequest.builder()
                .consumerARN(consumerArn)
                .shardId(shardId)
                .startingPosition(software.amazon.awssdk.services.kinesis.model.StartingPosition.builder()
                        .type(position.type().name())
                        .sequenceNumber(position.sequenceNumber())
                        .timestamp(position.timestamp())
                        .build())
                .build();
        SubscriptionBridge bridge = new SubscriptionBridge(subscriber, consumerArn, shardId);
        try {
            CompletableFuture<Void> call = client.subscribeToShard(request, bridge.responseHandler());
            bridge.callStarted(call);
            call.whenComplete(bridge::callCompleted);
        } catch (RuntimeException e) {
            bridge.callCompleted(null, e);
        }
    }

    /** Runs {@code call} and translates its failure, including one thrown before a future exists. */
    private <T> CompletableFuture<T> call(String operation, StreamRef stream, String shardId,
            Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<T> sdkFuture;
        try {
            sdkFuture = call.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(KinesisErrors.translate(e, operation, stream.toString(), shardId));
            return result;
        }
        // a bounded wait whatever the client: the request's own apiCallTimeout normally fires first
        long boundMillis = callTimeout.plus(GRACE).toMillis();
        sdkFuture.orTimeout(boundMillis, TimeUnit.MILLISECONDS).whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(KinesisErrors.translate(error, operation, stream.toString(), shardId));
            }
        });
        return result;
    }

    /** {@code request} with the library's SDK timeouts in its override configuration. */
    @SuppressWarnings("unchecked")
    <R extends KinesisRequest> R timed(R request) {
        AwsRequestOverrideConfiguration.Builder o = request.overrideConfiguration()
                .map(AwsRequestOverrideConfiguration::toBuilder)
                .orElseGet(AwsRequestOverrideConfiguration::builder);
        o.apiCallTimeout(callTimeout).apiCallAttemptTimeout(attemptTimeout);
        return (R) request.toBuilder().overrideConfiguration(o.build()).build();
    }

    private static ShardFilter toSdk(ShardListFilter filter) {
        return ShardFilter.builder()
                .type(ShardFilterType.fromValue(filter.type().name()))
                .shardId(filter.shardId())
                .timestamp(filter.timestamp())
                .build();
    }

    private static ShardDescription toDescription(Shard shard) {
        return new ShardDescription(shard.shardId(), shard.parentShardId(), shard.adjacentParentShardId(),
                HashKeyRange.of(shard.hashKeyRange().startingHashKey(), shard.hashKeyRange().endingHashKey()),
                shard.sequenceNumberRange().startingSequenceNumber(),
                shard.sequenceNumberRange().endingSequenceNumber());
    }

    private static StreamSummary toSummary(StreamDescriptionSummary summary) {
        return new StreamSummary(summary.streamName(), summary.streamARN(), summary.streamStatusAsString(),
                nullToZero(summary.openShardCount()), nullToZero(summary.consumerCount()),
                summary.streamCreationTimestamp());
    }

    private static StreamConsumer toConsumer(Consumer consumer) {
        return new StreamConsumer(consumer.consumerName(), consumer.consumerARN(), consumer.consumerStatusAsString());
    }

    private static StreamConsumer toConsumer(ConsumerDescription consumer) {
        return new StreamConsumer(consumer.consumerName(), consumer.consumerARN(), consumer.consumerStatusAsString());
    }

    private static RecordsResult toResult(GetRecordsResponse response) {
        Converted converted = convert(response.records());
        return new RecordsResult(converted.records(), converted.plainOnly(), response.nextShardIterator(),
                response.millisBehindLatest() == null ? -1 : response.millisBehindLatest(),
                toChildShards(response.childShards()));
    }

    /**
     * SDK records converted in one pass.
     *
     * @param records   each SDK record as a plain {@link KinesisClientRecord}
     * @param plainOnly true when no record's payload starts with the KPL magic bytes
     */
    record Converted(List<KinesisClientRecord> records, boolean plainOnly) {
    }

    /**
     * Each SDK record as a plain {@link KinesisClientRecord}: one object and one buffer per record, the payload
     * wrapped, not copied ({@code asByteArrayUnsafe}; nobody writes to it). A plain record goes to its processor as
     * this very object; an aggregate is unpacked by the consumer. The same pass reads the magic bytes from the SDK's
     * arrays (no view) to tell whether any record is an aggregate.
     */
    static Converted convert(List<Record> records) {
        List<KinesisClientRecord> converted = new ArrayList<>(records.size());
        boolean plainOnly = true;
        for (Record record : records) {
            byte[] data = record.data().asByteArrayUnsafe();
            plainOnly &= !Deaggregator.hasMagic(data);
            Instant arrival = record.approximateArrivalTimestamp();
            converted.add(KinesisClientRecord.plain(record.partitionKey(), record.sequenceNumber(),
                    arrival == null ? Instant.EPOCH : arrival, ByteBuffer.wrap(data)));
        }
        return new Converted(converted, plainOnly);
    }

    static List<ChildShard> toChildShards(List<software.amazon.awssdk.services.kinesis.model.ChildShard> children) {
        List<ChildShard> result = new ArrayList<>(children.size());
        for (software.amazon.awssdk.services.kinesis.model.ChildShard child : children) {
            result.add(new ChildShard(child.shardId(), child.parentShards(),
                    HashKeyRange.of(child.hashKeyRange().startingHashKey(), child.hashKeyRange().endingHashKey())));
        }
        return result;
    }

    private static int nullToZero(Integer value) {
        return value == null ? 0 : value;
    }
}
