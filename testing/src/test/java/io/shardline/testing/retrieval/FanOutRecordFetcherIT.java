package io.shardline.testing.retrieval;

import static io.shardline.testing.retrieval.FetchedBatches.describeKinesisRecords;
import static io.shardline.testing.retrieval.FetchedBatches.rangeOf;
import static io.shardline.testing.retrieval.PollingRecordFetcherIT.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.ChildShard;
import io.shardline.kcl.retrieval.RecordFetcher;
import io.shardline.kcl.retrieval.RecordFetcherFactory;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.StreamShard;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** The enhanced fan-out fetcher against the Kinesis emulator: SubscribeToShard over h2c. */
@WithLocalAws
class FanOutRecordFetcherIT {

    private final LocalAws aws;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<RecordFetcher> started = new ArrayList<>();
    private final List<RecordFetcherFactory> factories = new ArrayList<>();

    FanOutRecordFetcherIT(LocalAws aws) {
        this.aws = aws;
    }

    @AfterEach
    void close() {
        started.forEach(RecordFetcher::close);
        factories.forEach(RecordFetcherFactory::close);
    }

    @Test
    void registersItsConsumerAndReceivesEveryRecordOfEachShardInOrder(TestNames names) {
        String stream = names.stream();
        List<Shard> shards = aws.streams().create(stream, 2);
        aws.streams().putRecords(stream, records("r", 120));
        String application = names.application();
        RecordFetcherFactory fetchers = factory(RetrievalConfig.fanOut().build(), application);

        int total = 0;
        for (Shard shard : shards) {
            List<Record> expected = aws.streams().readShard(stream, shard.shardId());
            FetchedBatches fetched = new FetchedBatches(start(fetchers, stream, shard, StartingPosition.trimHorizon()))
                    .pollRecords(expected.size());
            assertThat(fetched.describe()).isEqualTo(describeKinesisRecords(expected));
            total += expected.size();
        }
        assertThat(total).isEqualTo(120);
        assertThat(aws.kinesis().listStreamConsumers(b -> b.streamARN(streamArn(stream))).consumers())
                .extracting(c -> c.consumerName()).containsExactly(application);
    }

    @Test
    void survivesForcedResubscriptionsWithoutLosingOrRepeatingRecords(TestNames names) {
        String stream = names.stream();
        Shard shard = aws.streams().create(stream, 1).get(0);
        // kinesis-mock sends a subscription's first event ~2 s after it opens, one event a second after that, and
        // frees a cancelled subscription's slot after ~1.5 s: renew often, but not before the first event.
        RecordFetcherFactory fetchers = factory(RetrievalConfig.fanOut()
                .subscriptionRenewalInterval(Duration.ofSeconds(6)).build(), names.application());
        FetchedBatches fetched = new FetchedBatches(start(fetchers, stream, shard, StartingPosition.trimHorizon()));
        await("the first subscription").atMost(FetchedBatches.TIMEOUT).until(() -> subscriptions() >= 1);

        int put = 0;
        for (int round = 0; round < 3; round++) {
            double subscriptionsBefore = subscriptions();
            aws.streams().putRecords(stream, records("round" + round, 15));
            put += 15;
            fetched.pollRecords(put);
            await("a re-subscription after round " + round).atMost(FetchedBatches.TIMEOUT)
                    .until(() -> subscriptions() > subscriptionsBefore);
        }

        fetched.pollRecords(put);
        assertThat(fetched.describe()).isEqualTo(describeKinesisRecords(aws.streams().readShard(stream,
                shard.shardId())));
        assertThat(subscriptions()).isGreaterThanOrEqualTo(4);
        assertThat(fetched.batches()).noneMatch(b -> b.isFailed());
    }

    /**
     * kinesis-mock 0.6.2 never reports a shard's end over SubscribeToShard (Kinesis sends the child shards in the
     * last event): the fetcher's shard-end probe finds it.
     */
    @Test
    void fanOutEndsAClosedParentWithItsChildShards(TestNames names) {
        String stream = names.stream();
        Shard parent = aws.streams().create(stream, 1).get(0);
        aws.streams().putRecords(stream, records("before-split", 10));
        List<Shard> children = aws.streams().split(stream, parent.shardId());
        RecordFetcherFactory fetchers = factory(RetrievalConfig.fanOut().consumerName(names.unique("consumer"))
                .shardEndProbeInterval(Duration.ofSeconds(3)).build(), names.application());

        FetchedBatches fetched = new FetchedBatches(start(fetchers, stream, parent, StartingPosition.trimHorizon()))
                .pollUntil("the end of " + parent.shardId(), FetchedBatches::isTerminated);

        assertThat(fetched.records()).hasSize(10);
        assertThat(fetched.last().shardEnded()).isTrue();
        assertThat(fetched.last().childShards()).containsExactlyInAnyOrderElementsOf(children.stream()
                .map(child -> new ChildShard(child.shardId(), List.of(parent.shardId()), rangeOf(child)))
                .toList());
    }

    private double subscriptions() {
        return registry.find("shardline.fetch.subscriptions").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private String streamArn(String stream) {
        return aws.kinesis().describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
    }

    private RecordFetcherFactory factory(RetrievalConfig config, String application) {
        RecordFetcherFactory factory = RecordFetcherFactory.create(aws.kinesisAsync(), config, application, registry);
        factories.add(factory);
        return factory;
    }

    private RecordFetcher start(RecordFetcherFactory fetchers, String stream, Shard shard,
            StartingPosition position) {
        RecordFetcher fetcher = fetchers.createFetcher(new StreamShard(stream, shard.shardId(), rangeOf(shard)));
        started.add(fetcher);
        fetcher.start(position, () -> { });
        return fetcher;
    }
}
