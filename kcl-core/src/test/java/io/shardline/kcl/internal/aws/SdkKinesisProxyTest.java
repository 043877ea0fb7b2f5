package io.shardline.kcl.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.kpl.KplAggregator;
import io.shardline.kcl.retrieval.ChildShard;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.RetrievalException;
import io.shardline.kcl.retrieval.RetryableRetrievalException;
import io.shardline.lease.HashKeyRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The proxy's request shaping, response mapping and error translation, over a stubbed async client. */
class SdkKinesisProxyTest {

    private final List<Object> requests = new ArrayList<>();

    @Test
    void listsEveryPageSendingOnlyTheTokenAfterTheFirst() {
        KinesisAsyncClient client = new StubKinesis() {
            @Override
            public CompletableFuture<ListShardsResponse> listShards(ListShardsRequest request) {
                requests.add(request);
                boolean first = request.nextToken() == null;
                return CompletableFuture.completedFuture(ListShardsResponse.builder()
                        .shards(shard(first ? "shardId-0" : "shardId-1"))
                        .nextToken(first ? "token-1" : null).build());
            }
        };

        List<ShardDescription> shards = new SdkKinesisProxy(client)
                .listShards(StreamRef.of("arn:aws:kinesis:us-east-1:1:stream/s"),
                        ShardListFilter.of(ShardListFilter.Type.AT_LATEST)).join();

        assertThat(shards).extracting(ShardDescription::shardId).containsExactly("shardId-0", "shardId-1");
        ListShardsRequest first = (ListShardsRequest) requests.get(0);
        ListShardsRequest second = (ListShardsRequest) requests.get(1);
        assertThat(first.streamARN()).isEqualTo("arn:aws:kinesis:us-east-1:1:stream/s");
        assertThat(first.streamName()).isNull();
        assertThat(first.shardFilter().type()).isEqualTo(ShardFilterType.AT_LATEST);
        assertThat(second.nextToken()).isEqualTo("token-1");
        assertThat(second.streamARN()).isNull();
        assertThat(second.shardFilter()).isNull();
        assertThat(shards.get(0).hashKeyRange()).isEqualTo(HashKeyRange.of("0", "99"));
        assertThat(requests).allSatisfy(r -> assertCarriesTimeouts(r, Duration.ofSeconds(30), Duration.ofSeconds(10)));
        assertThat(shards.get(0).isClosed()).isFalse();
    }

    @Test
    void asksForAnIteratorOfTheRightTypeAndMapsRecordsAndChildShards() {
        KinesisAsyncClient client = new StubKinesis() {
            @Override
            public CompletableFuture<GetShardIteratorResponse> getShardIterator(GetShardIteratorRequest request) {
                requests.add(request);
                return CompletableFuture.completedFuture(GetShardIteratorResponse.builder().shardIterator("it")
                        .build());
            }

            @Override
            public CompletableFuture<GetRecordsResponse> getRecords(GetRecordsRequest request) {
                requests.add(request);
                return CompletableFuture.completedFuture(GetRecordsResponse.builder()
                        .records(Record.builder().sequenceNumber("7").partitionKey("k")
                                .approximateArrivalTimestamp(Instant.EPOCH).data(SdkBytes.fromUtf8String("x")).build())
                        .millisBehindLatest(0L)
                        .childShards(software.amazon.awssdk.services.kinesis.model.ChildShard.builder()
                                .shardId("shardId-2").parentShards("shardId-0")
                                .hashKeyRange(r -> r.startingHashKey("0").endingHashKey("9")).build())
                        .build());
            }
        };
        SdkKinesisProxy proxy = new SdkKinesisProxy(client);

        String iterator = proxy.getShardIterator(StreamRef.of("orders"), "shardId-0",
                IteratorPosition.afterSequenceNumber("5")).join();
        RecordsResult result = proxy.getRecords(StreamRef.of("orders"), "shardId-0", iterator, 100).join();

        GetShardIteratorRequest iteratorRequest = (GetShardIteratorRequest) requests.get(0);
        assertThat(iteratorRequest.shardIteratorType()).isEqualTo(ShardIteratorType.AFTER_SEQUENCE_NUMBER);
        assertThat(iteratorRequest.startingSequenceNumber()).isEqualTo("5");
        assertThat(iteratorRequest.streamName()).isEqualTo("orders");
        assertThat(((GetRecordsRequest) requests.get(1)).limit()).isEqualTo(100);
        assertThat(result.isShardEnd()).isTrue();
        assertThat(result.records()).singleElement().satisfies(r -> assertThat(r.sequenceNumber()).isEqualTo("7"));
        assertThat(result.plainOnly()).isTrue();
        assertThat(result.childShards()).containsExactly(new ChildShard("shardId-2", List.of("shardId-0"),
                HashKeyRange.of("0", "9")));
    }

    @Test
    void anAnswerHoldingAKplAggregateIsNotPlainOnly() {
        byte[] aggregate = new KplAggregator().add("a", "one").add("b", "two").toBytes();
        Record plain = Record.builder().sequenceNumber("7").partitionKey("k").approximateArrivalTimestamp(Instant.EPOCH)
                .data(SdkBytes.fromUtf8String("x")).build();
        Record aggregated = plain.toBuilder().sequenceNumber("8").data(SdkBytes.fromByteArray(aggregate)).build();
        Record tiny = plain.toBuilder().sequenceNumber("9").data(SdkBytes.fromByteArray(new byte[] {(byte) 0xF3}))
                .build();

        assertThat(SdkKinesisProxy.convert(List.of(plain, tiny)).plainOnly()).isTrue();
        assertThat(SdkKinesisProxy.convert(List.of(plain, aggregated, tiny)).plainOnly()).isFalse();
        assertThat(SdkKinesisProxy.convert(List.of(aggregated)).records()).singleElement()
                .satisfies(r -> assertThat(r.dataAsBytes()).isEqualTo(aggregate));
    }

    @Test
    void failsWithATranslatedErrorNamingStreamAndShard() {
        KinesisAsyncClient client = new StubKinesis() {
            @Override
            public CompletableFuture<GetRecordsResponse> getRecords(GetRecordsRequest request) {
                return CompletableFuture.failedFuture(ProvisionedThroughputExceededException.builder()
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ProvisionedThroughputExceededException").errorMessage("slow down").build())
                        .statusCode(400).build());
            }
        };

        CompletableFuture<RecordsResult> result = new SdkKinesisProxy(client)
                .getRecords(StreamRef.of("orders"), "shardId-3", "it", 10);

        RetrievalException error = (RetrievalException) result.handle((r, e) -> e).join();
        assertThat(error).isInstanceOf(RetryableRetrievalException.class);
        assertThat(error.stream()).isEqualTo("orders");
        assertThat(error.shardId()).isEqualTo("shardId-3");
        assertThat(error.operation()).isEqualTo("GetRecords");
    }

    @Test
    void translatesAnExceptionThrownBeforeAFutureExists() {
        KinesisAsyncClient client = new StubKinesis() {
            @Override
            public CompletableFuture<GetRecordsResponse> getRecords(GetRecordsRequest request) {
                throw new IllegalStateException("client closed");
            }
        };

        CompletableFuture<RecordsResult> result = new SdkKinesisProxy(client)
                .getRecords(StreamRef.of("orders"), "shardId-3", "it", 10);

        assertThat(result).isCompletedExceptionally();
        assertThat(result.handle((r, e) -> e).join()).isInstanceOf(RetrievalException.class);
    }

    private static Shard shard(String shardId) {
        return Shard.builder().shardId(shardId)
                .hashKeyRange(r -> r.startingHashKey("0").endingHashKey("99"))
                .sequenceNumberRange(r -> r.startingSequenceNumber("1"))
                .build();
    }

    @Test
    void getRecordsCarriesTheLibrarysTimeoutsWhateverTheClient() {
        KinesisAsyncClient client = new StubKinesis() {
            @Override
            public CompletableFuture<software.amazon.awssdk.services.kinesis.model.GetRecordsResponse> getRecords(
                    software.amazon.awssdk.services.kinesis.model.GetRecordsRequest request) {
                requests.add(request);
                return new CompletableFuture<>(); // a client with no timeouts that never answers
            }
        };

        CompletableFuture<RecordsResult> result = new SdkKinesisProxy(client)
                .getRecords(StreamRef.of("s"), "shardId-0", "iterator", 100);
        RetrievalConfig configured = RetrievalConfig.polling().requestTimeout(Duration.ofSeconds(7))
                .requestAttemptTimeout(Duration.ofSeconds(3)).build();
        new SdkKinesisProxy(client, configured).getRecords(StreamRef.of("s"), "shardId-0", "iterator", 100);

        assertThat(result).isNotDone();
        assertThat(requests).hasSize(2);
        assertCarriesTimeouts(requests.get(0), Duration.ofSeconds(30), Duration.ofSeconds(10)); // the defaults
        assertCarriesTimeouts(requests.get(1), Duration.ofSeconds(7), Duration.ofSeconds(3));
    }

    private static void assertCarriesTimeouts(Object request, Duration call, Duration attempt) {
        var o = ((software.amazon.awssdk.services.kinesis.model.KinesisRequest) request).overrideConfiguration()
                .orElseThrow();
        assertThat(o.apiCallTimeout()).contains(call);
        assertThat(o.apiCallAttemptTimeout()).contains(attempt);
    }

    private static class StubKinesis implements KinesisAsyncClient {
        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {
        }
    }
}
