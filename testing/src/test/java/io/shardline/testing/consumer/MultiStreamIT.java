package io.shardline.testing.consumer;

import static io.shardline.testing.consumer.ConsumerIt.FAST_COORDINATION;
import static io.shardline.testing.consumer.ConsumerIt.POLLING;
import static io.shardline.testing.consumer.ConsumerIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.FormerStreamLeases;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.ShardContext;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.StreamConfig;
import io.shardline.kcl.StreamIdentifier;
import io.shardline.kcl.StreamTracker;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.TestRecord;
import io.shardline.testing.WithLocalAws;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A multi-stream application on the emulators over real SDK clients: three streams and two workers, a stream added
 * and one removed while running (every record of every tracked stream once and in order per key; the removed
 * stream's leases released, then deleted), and a stream deleted and re-created under the same name, whose new
 * creation epoch gives it new leases (the old ones are never used for it).
 */
@WithLocalAws
class MultiStreamIT {

    private static final int SHARDS = 2;
    private static final int KEYS = 20;

    private final LocalAws aws;
    private final List<Scheduler> schedulers = new ArrayList<>();
    /** Every user record processed, by any worker. */
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicReference<List<StreamConfig>> tracked = new AtomicReference<>(List.of());

    /** One record processed: the processor's stream and lease key, the record's key and data. */
    private record Delivery(String worker, String stream, String leaseKey, String partitionKey, String data) {
        int index() {
            return Integer.parseInt(data.substring(data.indexOf('#') + 1));
        }
    }

    MultiStreamIT(LocalAws aws) {
        this.aws = aws;
    }

    @AfterEach
    void closeSchedulers() {
        schedulers.forEach(Scheduler::close);
    }

    @Test
    void threeStreamsOnTwoWorkersWithAStreamAddedAndOneRemovedWhileRunning(TestNames names) {
        String app = names.application();
        String s1 = names.stream();
        String s2 = names.stream();
        String s3 = names.stream();
        String s4 = names.stream();
        for (String s : List.of(s1, s2, s3, s4)) {
            aws.streams().create(s, SHARDS);
        }
        for (String s : List.of(s1, s2, s3)) {
            aws.streams().putRecords(s, records(s, 0, 100));
        }
        tracked.set(List.of(StreamConfig.of(s1), StreamConfig.of(s2), StreamConfig.of(s3)));
        FormerStreamLeases former = FormerStreamLeases.deleteAfter(Duration.ofSeconds(3));
        Scheduler a = start(app, "a", former);
        Scheduler b = start(app, "b", former);

        waiting("300 records of three streams").until(() -> distinct(s1) == 100 && distinct(s2) == 100
                && distinct(s3) == 100);
        waiting("6 leases spread 3/3 over the two workers").until(() -> a.ownedLeaseKeys().size() == 3
                && b.ownedLeaseKeys().size() == 3);

        // s4 joins, s3 leaves, while records keep arriving
        tracked.set(List.of(StreamConfig.of(s1), StreamConfig.of(s2), StreamConfig.of(s4)));
        aws.streams().putRecords(s4, records(s4, 0, 100));
        aws.streams().putRecords(s1, records(s1, 100, 200));
        aws.streams().putRecords(s2, records(s2, 100, 200));

        waiting("every record of s1, s2 and s4").until(() -> distinct(s1) == 200 && distinct(s2) == 200
                && distinct(s4) == 100);
        LeaseStore leases = LeaseStore.dynamoDb(aws.dynamoDbAsync(), LeaseTableConfig.of(app));
        waiting("the leases of s3 deleted after the delay").until(() -> leases.list().stream()
                .noneMatch(l -> l.leaseKey().contains(":" + s3 + ":")));
        waiting("s1, s2, s4 spread 3/3").until(() -> a.ownedLeaseKeys().size() == 3
                && b.ownedLeaseKeys().size() == 3);
        aws.streams().putRecords(s3, records(s3, 100, 110)); // nobody reads s3 any more

        List<Lease> rows = leases.list();
        assertThat(rows).hasSize(6).allSatisfy(l -> assertThat(StreamIdentifier.ofLeaseKey(l.leaseKey()))
                .hasValueSatisfying(id -> assertThat(id.streamName()).isIn(s1, s2, s4)));
        for (String s : List.of(s1, s2, s3, s4)) {
            assertNothingLostNoDuplicateInOrderPerKey(s);
        }
        assertThat(deliveries).filteredOn(d -> d.stream().equals(s3)).allSatisfy(d -> assertThat(d.index())
                .isLessThan(100));
        // the processor's stream and lease key agree, and the lease key is KCL's multi-stream key of that stream
        assertThat(deliveries).allSatisfy(d -> assertThat(StreamIdentifier.ofLeaseKey(d.leaseKey()))
                .hasValueSatisfying(id -> assertThat(id.streamName()).isEqualTo(d.stream())));
    }

    @Test
    void aStreamDeletedAndRecreatedUnderItsNameGetsNewLeasesAndTheOldOnesAreNotUsedForIt(TestNames names) {
        String app = names.application();
        String s = names.stream();
        aws.streams().create(s, SHARDS);
        Instant firstCreated = aws.kinesis().describeStreamSummary(r -> r.streamName(s)).streamDescriptionSummary()
                .streamCreationTimestamp();
        aws.streams().putRecords(s, records(s, 0, 50));
        tracked.set(List.of(StreamConfig.of(s, StartingPosition.trimHorizon())));
        Scheduler a = start(app, "a", FormerStreamLeases.keep());
        waiting("the first stream's 50 records").until(() -> distinct(s) == 50);
        LeaseStore leases = LeaseStore.dynamoDb(aws.dynamoDbAsync(), LeaseTableConfig.of(app));
        waiting("both first leases checkpointed").until(() -> leases.list().stream()
                .allMatch(l -> l.checkpoint() != null && l.checkpoint().value().matches("[0-9]+")));
        Map<String, String> oldCheckpoints = leases.list().stream()
                .collect(Collectors.toMap(Lease::leaseKey, l -> l.checkpoint().value()));

        aws.streams().delete(s);
        // the creation epoch is in seconds (KCL's): re-create in a later second, as any real re-creation is
        waiting("a new second").until(() -> Instant.now().getEpochSecond() > firstCreated.getEpochSecond());
        aws.streams().create(s, SHARDS);
        long secondEpoch = aws.kinesis().describeStreamSummary(r -> r.streamName(s)).streamDescriptionSummary()
                .streamCreationTimestamp().getEpochSecond();
        aws.streams().putRecords(s, records(s, 50, 100));

        waiting("the re-created stream's 50 records").until(() -> distinct(s) == 100);
        StreamIdentifier second = StreamIdentifier.ofLeaseKey(leases.list().stream().map(Lease::leaseKey)
                .filter(k -> k.contains(":" + secondEpoch + ":")).findFirst().orElseThrow()).orElseThrow();
        assertThat(second.creationEpoch()).isNotEqualTo(firstCreated.getEpochSecond());
        assertThat(deliveries).filteredOn(d -> d.index() >= 50).hasSize(50)
                .allSatisfy(d -> assertThat(d.leaseKey()).startsWith(second.serialize() + ":"));
        assertThat(deliveries).filteredOn(d -> d.index() < 50)
                .allSatisfy(d -> assertThat(d.leaseKey()).doesNotStartWith(second.serialize() + ":"));
        waiting("the old leases released").until(() -> leases.list().stream()
                .filter(l -> oldCheckpoints.containsKey(l.leaseKey())).allMatch(l -> l.owner() == null));
        // kept (FormerStreamLeases.keep()) with the first stream's checkpoints, untouched by the second
        for (Map.Entry<String, String> old : oldCheckpoints.entrySet()) {
            assertThat(leases.get(old.getKey()).orElseThrow().checkpoint().value()).isEqualTo(old.getValue());
        }
        assertThat(a.ownedLeaseKeys()).hasSize(SHARDS).allMatch(k -> k.startsWith(second.serialize() + ":"));
        assertNothingLostNoDuplicateInOrderPerKey(s);
    }

    private Scheduler start(String app, String worker, FormerStreamLeases former) {
        ConsumerConfig config = ConsumerConfig.builder()
                .applicationName(app)
                .streamTracker(StreamTracker.polled(tracked::get, Duration.ofSeconds(1))
                        .withFormerStreamLeases(former))
                .kinesisClient(aws.kinesisAsync())
                .dynamoDbClient(aws.dynamoDbAsync())
                .initialPosition(StartingPosition.trimHorizon())
                .retrievalConfig(POLLING)
                .processorFactory(RecordHandlers.processorFactory(
                        (ShardContext ctx) -> record -> deliver(worker, ctx, record),
                        CheckpointStrategy.afterEachBatch()))
                .meterRegistry(new SimpleMeterRegistry())
                .leaseCoordinatorConfig(FAST_COORDINATION.toBuilder().workerId(worker).build())
                .shardSyncInterval(Duration.ofSeconds(2))
                .startupTimeout(Duration.ofSeconds(30))
                .processingThreads(4)
                .build();
        Scheduler scheduler = Scheduler.create(config);
        schedulers.add(scheduler);
        scheduler.start();
        return scheduler;
    }

    private void deliver(String worker, ShardContext ctx, KinesisClientRecord record) {
        deliveries.add(new Delivery(worker, ctx.stream(), ctx.shardId(), record.partitionKey(),
                new String(record.dataAsBytes(), StandardCharsets.UTF_8)));
    }

    /** Records {@code from..to-1} of {@code stream}: key {@code key-(i % 20)}, data {@code stream/key#i}. */
    private static List<TestRecord> records(String stream, int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> TestRecord.of("key-" + (i % KEYS), stream + "/key-" + (i % KEYS) + "#" + i))
                .toList();
    }

    private long distinct(String stream) {
        return deliveries.stream().filter(d -> d.stream().equals(stream)).map(Delivery::data).distinct().count();
    }

    /** Each record of the stream processed once, and per key in the order put (no replays: no crash here). */
    private void assertNothingLostNoDuplicateInOrderPerKey(String stream) {
        List<Delivery> mine = deliveries.stream().filter(d -> d.stream().equals(stream)).toList();
        assertThat(mine).extracting(Delivery::data).as("no duplicates in %s", stream).doesNotHaveDuplicates();
        assertThat(mine).allSatisfy(d -> assertThat(d.data()).startsWith(stream + "/"));
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        mine.forEach(d -> byKey.computeIfAbsent(d.partitionKey(), k -> new ArrayList<>()).add(d.index()));
        byKey.forEach((key, order) -> assertThat(order).as("order of %s in %s", key, stream).isSorted());
        int max = mine.stream().mapToInt(Delivery::index).max().orElse(-1);
        assertThat(mine.stream().map(Delivery::index).collect(Collectors.toSet()))
                .as("nothing lost in %s", stream).containsAll(IntStream.rangeClosed(0, max).boxed().toList());
    }
}
