package io.shardline.kcl.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.kcl.FormerStreamLeases;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.StreamConfig;
import io.shardline.kcl.StreamIdentifier;
import io.shardline.kcl.StreamTracker;
import io.shardline.kcl.internal.aws.IteratorPosition;
import io.shardline.kcl.internal.aws.KinesisProxy;
import io.shardline.kcl.internal.aws.RecordsResult;
import io.shardline.kcl.internal.aws.ShardDescription;
import io.shardline.kcl.internal.aws.ShardListFilter;
import io.shardline.kcl.internal.aws.ShardSubscriber;
import io.shardline.kcl.internal.aws.StreamConsumer;
import io.shardline.kcl.internal.aws.StreamRef;
import io.shardline.kcl.internal.aws.StreamSummary;
import io.shardline.kcl.internal.testkit.FakeKinesisProxy;
import io.shardline.kcl.retrieval.FatalRetrievalException;
import io.shardline.lease.Lease;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Multi-stream schedulers in one JVM on in-memory stores and an in-memory Kinesis of several streams: KCL's lease
 * keys, balance across streams, lineage per stream, streams added, removed and re-created while running. The emulator
 * suite ({@code MultiStreamIT}) repeats the runtime part over real SDK clients.
 */
class MultiStreamSchedulerTest {

    private static final String ACCOUNT = "123456789012";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final StreamsKinesis kinesis = new StreamsKinesis();
    @RegisterExtension
    final SchedulerFixture schedulers = new SchedulerFixture(kinesis);
    private final InMemoryLeaseStore leases = schedulers.leases();
    private final AtomicReference<List<StreamConfig>> tracked = new AtomicReference<>(List.of());
    /** Every record processed: stream|leaseKey|data. */
    private final List<String> processed = new CopyOnWriteArrayList<>();

    @Test
    void twoWorkersBalanceTheLeasesOfThreeStreamsKeyedAsKclDoes() {
        for (String s : List.of("s1", "s2", "s3")) {
            kinesis.create(s, 100);
            put(s, 2, 0, 30);
        }
        tracked.set(List.of(StreamConfig.of("s1"), StreamConfig.of("s2"), StreamConfig.of("s3")));
        DefaultScheduler a = start("a", FormerStreamLeases.keep());
        // start() returns after the first sync: every tracked stream's leases exist
        assertThat(leases.list()).hasSize(6);
        DefaultScheduler b = start("b", FormerStreamLeases.keep());

        await().atMost(TIMEOUT).until(() -> processed.size() >= 90);
        await().atMost(TIMEOUT).until(() -> a.ownedLeaseKeys().size() == 3 && b.ownedLeaseKeys().size() == 3);

        assertThat(leases.list()).extracting(Lease::leaseKey).containsExactlyInAnyOrder(
                ACCOUNT + ":s1:100:shardId-000000000000", ACCOUNT + ":s1:100:shardId-000000000001",
                ACCOUNT + ":s2:100:shardId-000000000000", ACCOUNT + ":s2:100:shardId-000000000001",
                ACCOUNT + ":s3:100:shardId-000000000000", ACCOUNT + ":s3:100:shardId-000000000001");
        assertThat(processed).doesNotHaveDuplicates().hasSize(90);
        // each record came from its own stream's shard: the data names stream and shard
        assertThat(processed).allSatisfy(p -> {
            String[] parts = p.split("\\|");
            assertThat(parts[1]).isEqualTo(ACCOUNT + ":" + parts[0] + ":100:" + parts[2].split("/")[1]);
        });
    }

    @Test
    void aSplitKeepsLineagePerStream() {
        kinesis.create("s1", 100);
        kinesis.create("s2", 100);
        put("s1", 1, 0, 10);
        put("s2", 1, 0, 10);
        tracked.set(List.of(StreamConfig.of("s1"), StreamConfig.of("s2")));
        start("a", FormerStreamLeases.keep());
        await().atMost(TIMEOUT).until(() -> processed.size() >= 20);

        kinesis.stream("s1").split("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        kinesis.stream("s1").shard("shardId-000000000001").put("k", "s1/shardId-000000000001/after");
        await().atMost(TIMEOUT).until(() -> processed.size() >= 21);

        Lease child = leases.get(ACCOUNT + ":s1:100:shardId-000000000001").orElseThrow();
        // the row holds KCL's form: parents as shard ids of the same stream
        assertThat(child.parentLeaseKeys()).containsExactly("shardId-000000000000");
        Lease parent = leases.get(ACCOUNT + ":s1:100:shardId-000000000000").orElseThrow();
        assertThat(parent.checkpoint().isShardEnd()).isTrue();
        assertThat(parent.childLeaseKeys()).containsExactlyInAnyOrder("shardId-000000000001", "shardId-000000000002");
        // s2's shard of the same id is untouched by s1's split
        assertThat(leases.get(ACCOUNT + ":s2:100:shardId-000000000000").orElseThrow().checkpoint().isShardEnd())
                .isFalse();
    }

    @Test
    void aStreamAddedIsConsumedAndARemovedOnesLeasesAreReleasedThenDeleted() {
        kinesis.create("s1", 100);
        kinesis.create("s2", 100);
        put("s1", 1, 0, 10);
        put("s2", 1, 0, 10);
        tracked.set(List.of(StreamConfig.of("s1"), StreamConfig.of("s2")));
        DefaultScheduler a = start("a", FormerStreamLeases.deleteAfter(Duration.ofSeconds(2)));
        await().atMost(TIMEOUT).until(() -> processed.size() >= 20);

        kinesis.create("s3", 200);
        put("s3", 1, 0, 10);
        tracked.set(List.of(StreamConfig.of("s1"), StreamConfig.of("s3")));

        await().atMost(TIMEOUT).until(() -> processed.size() >= 30);
        String s2Key = ACCOUNT + ":s2:100:shardId-000000000000";
        // removed: its consumer checkpointed and released the lease, then the leader deleted it after the delay
        await().atMost(TIMEOUT).until(() -> !a.ownedLeaseKeys().contains(s2Key));
        await().atMost(TIMEOUT).until(() -> leases.get(s2Key).isEmpty());
        put("s2", 1, 10, 20);
        assertThat(a.ownedLeaseKeys()).contains(ACCOUNT + ":s3:200:shardId-000000000000");
        assertThat(processed).filteredOn(p -> p.startsWith("s3|")).hasSize(10);
        // nothing of the removed stream is read any more
        await().during(Duration.ofMillis(500)).atMost(TIMEOUT)
                .until(() -> processed.stream().filter(p -> p.startsWith("s2|")).count() == 10);
    }

    @Test
    void aRecreatedStreamGetsNewLeasesAndTheOldOnesAreNotUsedForIt() {
        kinesis.create("s1", 100);
        put("s1", 1, 0, 10);
        tracked.set(List.of(StreamConfig.of("s1", StartingPosition.trimHorizon())));
        DefaultScheduler a = start("a", FormerStreamLeases.keep());
        await().atMost(TIMEOUT).until(() -> processed.size() >= 10);
        String oldKey = ACCOUNT + ":s1:100:shardId-000000000000";
        await().atMost(TIMEOUT).until(() -> leases.get(oldKey).orElseThrow().checkpoint() != null
                && leases.get(oldKey).orElseThrow().checkpoint().value().matches("[0-9]+"));
        var oldCheckpoint = leases.get(oldKey).orElseThrow().checkpoint();

        kinesis.delete("s1");
        kinesis.create("s1", 160); // re-created: a new creation epoch
        put("s1", 1, 100, 105);

        String newKey = ACCOUNT + ":s1:160:shardId-000000000000";
        await().atMost(TIMEOUT).until(() -> processed.stream().filter(p -> p.contains("/shardId-000000000000/10"))
                .count() >= 5);
        assertThat(processed).filteredOn(p -> p.contains("/10")).allSatisfy(p -> assertThat(p).contains(newKey));
        await().atMost(TIMEOUT).until(() -> !a.ownedLeaseKeys().contains(oldKey));
        Lease old = leases.get(oldKey).orElseThrow();
        assertThat(old.checkpoint()).isEqualTo(oldCheckpoint);
        assertThat(old.owner()).isNull();
    }

    private void put(String stream, int shards, int from, int to) {
        for (int i = from; i < to; i++) {
            String shardId = "shardId-00000000000" + (i % shards);
            kinesis.stream(stream).shard(shardId).put("key-" + i, stream + "/" + shardId + "/" + i);
        }
    }

    private DefaultScheduler start(String worker, FormerStreamLeases former) {
        return schedulers.start(SchedulerFixture.config(worker)
                .streamTracker(StreamTracker.polled(tracked::get, Duration.ofMillis(100))
                        .withFormerStreamLeases(former))
                .shardSyncInterval(Duration.ofMillis(200))
                .processorFactory(RecordHandlers.processorFactory(ctx -> record -> processed.add(ctx.stream() + "|"
                        + ctx.shardId() + "|" + new String(record.dataAsBytes(), StandardCharsets.UTF_8)),
                        CheckpointStrategy.afterEachBatch()))
                .build());
    }

    /** Several in-memory streams, each a {@link FakeKinesisProxy}, routed by stream name; polling only. */
    static final class StreamsKinesis implements KinesisProxy {
        private final Map<String, FakeKinesisProxy> streams = new ConcurrentHashMap<>();
        private final Map<String, Long> created = new ConcurrentHashMap<>();

        void create(String name, long epoch) {
            streams.put(name, new FakeKinesisProxy());
            created.put(name, epoch);
        }

        void delete(String name) {
            streams.remove(name);
            created.remove(name);
        }

        FakeKinesisProxy stream(String name) {
            return streams.get(name);
        }

        private <T> CompletableFuture<T> route(StreamRef ref, String op,
                java.util.function.Function<FakeKinesisProxy, CompletableFuture<T>> call) {
            FakeKinesisProxy stream = streams.get(ref.name());
            if (stream == null) {
                return CompletableFuture.failedFuture(new FatalRetrievalException(op, ref.toString(), null,
                        "ResourceNotFoundException", "Stream " + ref + " not found", null));
            }
            return call.apply(stream);
        }

        @Override
        public CompletableFuture<List<ShardDescription>> listShards(StreamRef stream, ShardListFilter filter) {
            return route(stream, "ListShards", s -> s.listShards(stream, filter));
        }

        @Override
        public CompletableFuture<StreamSummary> describeStreamSummary(StreamRef stream) {
            return route(stream, "DescribeStreamSummary", s -> CompletableFuture.completedFuture(new StreamSummary(
                    stream.name(), "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/" + stream.name(), "ACTIVE", 1, 0,
                    Instant.ofEpochSecond(created.get(stream.name())))));
        }

        @Override
        public CompletableFuture<String> getShardIterator(StreamRef stream, String shardId,
                IteratorPosition position) {
            return route(stream, "GetShardIterator", s -> s.getShardIterator(stream, shardId, position));
        }

        @Override
        public CompletableFuture<RecordsResult> getRecords(StreamRef stream, String shardId, String iterator,
                int limit) {
            return route(stream, "GetRecords", s -> s.getRecords(stream, shardId, iterator, limit));
        }

        @Override
        public CompletableFuture<StreamConsumer> registerStreamConsumer(String streamArn, String consumerName) {
            throw new UnsupportedOperationException("polling only");
        }

        @Override
        public CompletableFuture<StreamConsumer> describeStreamConsumer(String streamArn, String consumerName) {
            throw new UnsupportedOperationException("polling only");
        }

        @Override
        public void subscribeToShard(String consumerArn, String shardId, IteratorPosition position,
                ShardSubscriber subscriber) {
            throw new UnsupportedOperationException("polling only");
        }
    }
}
