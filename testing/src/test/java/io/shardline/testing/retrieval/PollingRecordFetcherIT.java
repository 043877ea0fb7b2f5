package io.shardline.testing.retrieval;

import static io.shardline.testing.retrieval.FetchedBatches.describeKinesisRecords;
import static io.shardline.testing.retrieval.FetchedBatches.rangeOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.ChildShard;
import io.shardline.kcl.retrieval.RecordFetcher;
import io.shardline.kcl.retrieval.RecordFetcherFactory;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.StreamShard;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.TestRecord;
import io.shardline.testing.WithLocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** The polling fetcher against the Kinesis emulator (kinesis-mock by default). */
@WithLocalAws
class PollingRecordFetcherIT {

    /** Quick pacing for tests: the emulator has no per-shard read limit to respect. */
    static final RetrievalConfig POLLING = RetrievalConfig.polling()
            .idleInterval(Duration.ofMillis(200))
            .callsPerSecondPerShard(5)
            .build();

    private final LocalAws aws;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RecordFetcherFactory fetchers;
    private final List<RecordFetcher> started = new ArrayList<>();

    PollingRecordFetcherIT(LocalAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void createFactory() {
        fetchers = RecordFetcherFactory.create(aws.kinesisAsync(), POLLING, "polling-it", registry);
    }

    @AfterEach
    void closeFetchers() {
        started.forEach(RecordFetcher::close);
        fetchers.close();
    }

    @Test
    void readsEveryRecordOfEachShardInOrderFromTrimHorizon(TestNames names) {
        String stream = names.stream();
        List<Shard> shards = aws.streams().create(stream, 2);
        aws.streams().putRecords(stream, records("r", 200));

        int total = 0;
        for (Shard shard : shards) {
            List<Record> expected = aws.streams().readShard(stream, shard.shardId());
            FetchedBatches fetched = new FetchedBatches(start(stream, shard, StartingPosition.trimHorizon()))
                    .pollRecords(expected.size());

            assertThat(fetched.describe()).isEqualTo(describeKinesisRecords(expected));
            assertThat(fetched.records()).allSatisfy(record -> assertThat(record.aggregated()).isFalse());
            total += expected.size();
        }
        assertThat(total).isEqualTo(200);
        assertThat(shards).allSatisfy(shard -> assertThat(aws.streams().readShard(stream, shard.shardId()))
                .isNotEmpty());
    }

    @Test
    void keepsReadingRecordsPutAfterItCaughtUp(TestNames names) {
        String stream = names.stream();
        Shard shard = aws.streams().create(stream, 1).get(0);
        FetchedBatches fetched = new FetchedBatches(start(stream, shard, StartingPosition.latest()));
        fetched.pollUntil("a first (empty) batch at LATEST", f -> !f.batches().isEmpty());

        aws.streams().putRecords(stream, records("late", 30));

        fetched.pollRecords(30);
        assertThat(fetched.describe()).isEqualTo(describeKinesisRecords(aws.streams().readShard(stream,
                shard.shardId())));
        assertThat(fetched.last().millisBehindLatest()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void startsAtATimestamp(TestNames names) {
        String stream = names.stream();
        Shard shard = aws.streams().create(stream, 1).get(0);
        aws.streams().putRecords(stream, records("before", 20));
        aws.streams().putRecords(stream, records("after", 20));
        List<Record> all = aws.streams().readShard(stream, shard.shardId());
        Instant timestamp = all.get(20).approximateArrivalTimestamp();
        List<Record> expected = all.stream().filter(r -> !r.approximateArrivalTimestamp().isBefore(timestamp))
                .toList();

        FetchedBatches fetched = new FetchedBatches(start(stream, shard, StartingPosition.atTimestamp(timestamp)))
                .pollRecords(expected.size());

        assertThat(fetched.describe()).isEqualTo(describeKinesisRecords(expected));
        assertThat(expected.size()).isBetween(20, 40);
    }

    @Test
    void resumesAfterASequenceNumber(TestNames names) {
        String stream = names.stream();
        Shard shard = aws.streams().create(stream, 1).get(0);
        aws.streams().putRecords(stream, records("r", 40));
        List<Record> all = aws.streams().readShard(stream, shard.shardId());
        String checkpoint = all.get(14).sequenceNumber();

        FetchedBatches fetched = new FetchedBatches(start(stream, shard,
                StartingPosition.afterSequenceNumber(ExtendedSequenceNumber.of(checkpoint)))).pollRecords(25);

        assertThat(fetched.describe()).isEqualTo(describeKinesisRecords(all.subList(15, 40)));
    }

    @Test
    void startsAtASequenceNumberInclusive(TestNames names) {
        String stream = names.stream();
        Shard shard = aws.streams().create(stream, 1).get(0);
        aws.streams().putRecords(stream, records("r", 10));
        List<Record> all = aws.streams().readShard(stream, shard.shardId());

        FetchedBatches fetched = new FetchedBatches(start(stream, shard,
                StartingPosition.atSequenceNumber(ExtendedSequenceNumber.of(all.get(3).sequenceNumber()))))
                .pollRecords(7);

        assertThat(fetched.describe()).isEqualTo(describeKinesisRecords(all.subList(3, 10)));
    }

    @Test
    void endsTheParentWithItsChildShardsAfterASplitAndTheChildrenHoldTheRest(TestNames names) {
        String stream = names.stream();
        Shard parent = aws.streams().create(stream, 1).get(0);
        aws.streams().putRecords(stream, records("before-split", 30));
        List<Shard> children = aws.streams().split(stream, parent.shardId());
        aws.streams().putRecords(stream, records("after-split", 20));

        FetchedBatches fromParent = new FetchedBatches(start(stream, parent, StartingPosition.trimHorizon()))
                .pollUntil("the end of " + parent.shardId(), FetchedBatches::isTerminated);

        assertThat(fromParent.records()).hasSize(30);
        assertThat(fromParent.last().shardEnded()).isTrue();
        assertThat(fromParent.last().childShards()).containsExactlyInAnyOrderElementsOf(children.stream()
                .map(child -> new ChildShard(child.shardId(), List.of(parent.shardId()), rangeOf(child)))
                .toList());
        int inChildren = 0;
        for (Shard child : children) {
            List<Record> expected = aws.streams().readShard(stream, child.shardId());
            FetchedBatches fromChild = new FetchedBatches(start(stream, child, StartingPosition.trimHorizon()))
                    .pollRecords(expected.size());
            assertThat(fromChild.describe()).isEqualTo(describeKinesisRecords(expected));
            inChildren += expected.size();
        }
        assertThat(inChildren).isEqualTo(20);
    }

    @Test
    void readsAStreamNamedByItsArn(TestNames names) {
        String stream = names.stream();
        Shard shard = aws.streams().create(stream, 1).get(0);
        aws.streams().putRecords(stream, records("r", 5));
        String arn = aws.kinesis().describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                .streamARN();
        RecordFetcher fetcher = fetchers.createFetcher(new StreamShard(arn, shard.shardId(), rangeOf(shard)));
        started.add(fetcher);
        fetcher.start(StartingPosition.trimHorizon(), () -> { });

        FetchedBatches fetched = new FetchedBatches(fetcher).pollRecords(5);

        assertThat(fetched.describe()).isEqualTo(describeKinesisRecords(aws.streams().readShard(stream,
                shard.shardId())));
    }

    @Test
    void anUnknownShardFailsTheFetcherWithAFatalError(TestNames names) {
        String stream = names.stream();
        aws.streams().create(stream, 1);
        RecordFetcher fetcher = fetchers.createFetcher(new StreamShard(stream, "shardId-000000000099", null));
        started.add(fetcher);
        fetcher.start(StartingPosition.trimHorizon(), () -> { });

        FetchedBatches fetched = new FetchedBatches(fetcher).pollUntil("a failed batch", FetchedBatches::isTerminated);

        assertThat(fetched.last().isFailed()).isTrue();
        assertThat(fetched.last().failure().shardId()).isEqualTo("shardId-000000000099");
        assertThat(fetched.last().failure().stream()).isEqualTo(stream);
    }

    private RecordFetcher start(String stream, Shard shard, StartingPosition position) {
        RecordFetcher fetcher = fetchers.createFetcher(new StreamShard(stream, shard.shardId(), rangeOf(shard)));
        started.add(fetcher);
        fetcher.start(position, () -> { });
        return fetcher;
    }

    static List<TestRecord> records(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> TestRecord.of("key-" + (i % 17), prefix + "-" + i))
                .toList();
    }
}
