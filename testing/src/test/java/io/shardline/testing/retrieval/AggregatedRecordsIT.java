package io.shardline.testing.retrieval;

import static io.shardline.testing.retrieval.FetchedBatches.rangeOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.RecordFetcher;
import io.shardline.kcl.retrieval.RecordFetcherFactory;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.StreamShard;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import io.shardline.kcl.kpl.KplAggregator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** KPL aggregates put through PutRecords come out of the fetchers as user records with sub-sequence numbers. */
@WithLocalAws
class AggregatedRecordsIT {

    private final LocalAws aws;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<RecordFetcher> started = new ArrayList<>();
    private RecordFetcherFactory fetchers;

    AggregatedRecordsIT(LocalAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void createFactory() {
        fetchers = RecordFetcherFactory.create(aws.kinesisAsync(), PollingRecordFetcherIT.POLLING, "kpl-it",
                registry);
    }

    @AfterEach
    void close() {
        started.forEach(RecordFetcher::close);
        fetchers.close();
    }

    @Test
    void deaggregatesAggregatesBetweenPlainRecordsWithSubSequenceNumbers(TestNames names) {
        String stream = names.stream();
        Shard shard = aws.streams().create(stream, 1).get(0);
        KplAggregator first = aggregate("a", 5);
        KplAggregator second = aggregate("b", 3);
        List<String> sequences = put(stream, List.of(plain("plain-0"), first.toPutRecordsEntry(), plain("plain-1"),
                second.toPutRecordsEntry()));

        FetchedBatches fetched = new FetchedBatches(start(stream, shard, StartingPosition.trimHorizon()))
                .pollRecords(10);

        List<String> expected = new ArrayList<>();
        expected.add(sequences.get(0) + "/0 plain-0");
        for (int i = 0; i < 5; i++) {
            expected.add(sequences.get(1) + "/" + i + " a-" + i);
        }
        expected.add(sequences.get(2) + "/0 plain-1");
        for (int i = 0; i < 3; i++) {
            expected.add(sequences.get(3) + "/" + i + " b-" + i);
        }
        assertThat(fetched.describe()).isEqualTo(expected);
        assertThat(fetched.records()).filteredOn(KinesisClientRecord::aggregated).hasSize(8)
                .extracting(KinesisClientRecord::partitionKey).startsWith("a-key-0", "a-key-1");
        assertThat(fetched.records().get(0).aggregated()).isFalse();
    }

    @Test
    void resumesAfterACheckpointInsideAnAggregate(TestNames names) {
        String stream = names.stream();
        Shard shard = aws.streams().create(stream, 1).get(0);
        List<String> sequences = put(stream, List.of(aggregate("a", 5).toPutRecordsEntry(), plain("after")));

        FetchedBatches fetched = new FetchedBatches(start(stream, shard,
                StartingPosition.afterSequenceNumber(ExtendedSequenceNumber.of(sequences.get(0), 2))))
                .pollRecords(3);

        assertThat(fetched.describe()).containsExactly(sequences.get(0) + "/3 a-3", sequences.get(0) + "/4 a-4",
                sequences.get(1) + "/0 after");
    }

    @Test
    void deliversUserRecordsOfAnotherShardsRangeFlagged(TestNames names) {
        String stream = names.stream();
        List<Shard> shards = aws.streams().create(stream, 2);
        Shard low = shards.get(0);
        Shard high = shards.get(1);
        String inLow = low.hashKeyRange().startingHashKey();
        String inHigh = high.hashKeyRange().startingHashKey();
        KplAggregator mixed = new KplAggregator()
                .add("k0", inLow, text("mine-0"))
                .add("k1", inHigh, text("theirs-1"))
                .add("k2", inLow, text("mine-2"));
        put(stream, List.of(mixed.toPutRecordsEntry())); // lands on the low shard: the first record's hash key

        FetchedBatches fetched = new FetchedBatches(start(stream, low, StartingPosition.trimHorizon()))
                .pollRecords(3);

        assertThat(fetched.records()).extracting(r -> new String(r.dataAsBytes(), StandardCharsets.UTF_8))
                .containsExactly("mine-0", "theirs-1", "mine-2");
        assertThat(fetched.records()).extracting(KinesisClientRecord::subSequenceNumber).containsExactly(0L, 1L, 2L);
        assertThat(fetched.records()).extracting(KinesisClientRecord::outsideShardHashRange)
                .containsExactly(false, true, false);
        assertThat(registry.find("shardline.kpl.outside-range").counter().count()).isEqualTo(1);
        // the record exists on no other shard, so it is delivered here rather than lost (issue 12 part 1)
    }

    @Test
    void deliversACorruptAggregateAsOnePlainRecord(TestNames names) {
        String stream = names.stream();
        Shard shard = aws.streams().create(stream, 1).get(0);
        byte[] corrupt = aggregate("a", 2).toBytes();
        corrupt[corrupt.length - 1] ^= 0x55;
        put(stream, List.of(PutRecordsRequestEntry.builder().partitionKey("p").data(SdkBytes.fromByteArray(corrupt))
                .build(), plain("next")));

        FetchedBatches fetched = new FetchedBatches(start(stream, shard, StartingPosition.trimHorizon()))
                .pollRecords(2);

        assertThat(fetched.records().get(0).aggregated()).isFalse();
        assertThat(fetched.records().get(0).dataAsBytes()).isEqualTo(corrupt);
        assertThat(fetched.records().get(1).aggregated()).isFalse();
        assertThat(registry.find("shardline.kpl.corrupt").counter().count()).isEqualTo(1);
    }

    private RecordFetcher start(String stream, Shard shard, StartingPosition position) {
        RecordFetcher fetcher = fetchers.createFetcher(new StreamShard(stream, shard.shardId(), rangeOf(shard)));
        started.add(fetcher);
        fetcher.start(position, () -> { });
        return fetcher;
    }

    /** Puts the entries in one PutRecords call (one shard keeps their order) and returns their sequence numbers. */
    private List<String> put(String stream, List<PutRecordsRequestEntry> entries) {
        List<PutRecordsResultEntry> results = aws.kinesis().putRecords(b -> b.streamName(stream).records(entries))
                .records();
        assertThat(results).allSatisfy(r -> assertThat(r.errorCode()).isNull());
        return results.stream().map(PutRecordsResultEntry::sequenceNumber).toList();
    }

    private static KplAggregator aggregate(String prefix, int userRecords) {
        KplAggregator aggregator = new KplAggregator();
        for (int i = 0; i < userRecords; i++) {
            aggregator.add(prefix + "-key-" + i, prefix + "-" + i);
        }
        return aggregator;
    }

    private static PutRecordsRequestEntry plain(String text) {
        return PutRecordsRequestEntry.builder().partitionKey("plain").data(SdkBytes.fromUtf8String(text)).build();
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
