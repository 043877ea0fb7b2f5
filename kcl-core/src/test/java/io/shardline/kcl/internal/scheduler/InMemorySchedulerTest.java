package io.shardline.kcl.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.SchedulerMetrics;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.kcl.internal.testkit.FakeKinesisProxy;
import io.shardline.lease.Lease;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whole schedulers in one JVM on in-memory stores and an in-memory Kinesis: the wiring, shard discovery, assignment,
 * and the zero-duplicate graceful handoff, in about a second. The emulator suites in {@code testing} repeat these
 * over real SDK clients.
 */
class InMemorySchedulerTest {

    private static final int SHARDS = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final FakeKinesisProxy kinesis = new FakeKinesisProxy();
    @RegisterExtension
    final SchedulerFixture schedulers = new SchedulerFixture(kinesis);
    private final InMemoryLeaseStore leases = schedulers.leases();
    private final List<Processed> processed = new CopyOnWriteArrayList<>();

    /** One record handled by one worker. */
    private record Processed(String worker, String shardId, String sequenceNumber) {
    }

    @Test
    void twoSchedulersShareTheShardsAndProcessEveryRecordOnceInOrder() {
        putRecords(0, 200);
        DefaultScheduler a = start("a");
        DefaultScheduler b = start("b");

        awaitProcessed(200);
        await().atMost(TIMEOUT).until(() -> a.ownedLeaseKeys().size() == 2 && b.ownedLeaseKeys().size() == 2);

        assertThat(duplicates()).isEmpty();
        assertOrderedPerShard();
        assertThat(leases.list()).extracting(Lease::leaseKey).hasSize(SHARDS);
    }

    @Test
    void aGracefulShutdownHandsEveryShardOverWithoutDuplicates() throws Exception {
        putRecords(0, 100);
        DefaultScheduler a = start("a");
        DefaultScheduler b = start("b");
        awaitProcessed(100);
        await().atMost(TIMEOUT).until(() -> a.ownedLeaseKeys().size() == 2 && b.ownedLeaseKeys().size() == 2);

        a.shutdown().get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        putRecords(100, 200);

        awaitProcessed(200);
        assertThat(b.ownedLeaseKeys()).hasSize(SHARDS);
        assertThat(duplicates()).isEmpty();
        assertThat(processed.stream().filter(p -> p.worker().equals("a")).count()).isLessThanOrEqualTo(100);
        assertOrderedPerShard();
        assertThat(a.consumerStates()).isEmpty();
    }

    @Test
    void reportsLeasesOwnedAndRecordsProcessed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        putRecords(0, 40);
        DefaultScheduler a = start("a", registry);

        awaitProcessed(40);
        await().atMost(TIMEOUT).until(() -> registry.get(SchedulerMetrics.RECORDS_PROCESSED).counter().count() == 40);
        assertThat(registry.get(SchedulerMetrics.LEASES_OWNED).gauge().value()).isEqualTo(SHARDS);
        assertThat(registry.get(SchedulerMetrics.CONSUMERS).tag(SchedulerMetrics.STATE_TAG, "PROCESSING").gauge()
                .value()).isEqualTo(SHARDS);
        a.close();
    }

    @Test
    void aTimeBasedCheckpointFiresOnAShardThatWentIdle() {
        putRecords(0, 40);
        // every(2s): all 40 records are processed well within the first 2 s, so only the idle shard's empty
        // batches can bring the strategy the time at which it checkpoints them.
        start("a", new SimpleMeterRegistry(), RecordHandlers.processorFactory(() -> record -> record("a", record),
                CheckpointStrategy.every(Duration.ofSeconds(2))), false);
        awaitProcessed(40);

        await().atMost(TIMEOUT).untilAsserted(() -> {
            for (Lease lease : leases.list()) {
                String last = lastSequenceOf(lease.leaseKey());
                assertThat(lease.checkpoint()).as(lease.leaseKey()).isNotNull();
                assertThat(lease.checkpoint().value()).as(lease.leaseKey()).isEqualTo(last);
            }
        });
    }

    @Test
    void callProcessRecordsEvenForEmptyRecordListCallsEveryProcessorOnAnIdleShard() {
        Map<String, Integer> emptyCalls = new ConcurrentHashMap<>();
        ShardRecordProcessorFactory counting = shardId -> new ShardRecordProcessor() {
            @Override
            public void initialize(InitializationInput input) {
            }

            @Override
            public void processRecords(ProcessRecordsInput input) {
                if (input.records().isEmpty()) {
                    emptyCalls.merge(shardId, 1, Integer::sum);
                }
            }

            @Override
            public void leaseLost(LeaseLostInput input) {
            }

            @Override
            public void shardEnded(ShardEndedInput input) {
            }

            @Override
            public void shutdownRequested(ShutdownRequestedInput input) {
            }
        };
        putRecords(0, 8);
        start("a", new SimpleMeterRegistry(), counting, true);

        await().atMost(TIMEOUT).until(() -> emptyCalls.size() == SHARDS
                && emptyCalls.values().stream().allMatch(n -> n >= 2));
    }

    private String lastSequenceOf(String shardId) {
        return processed.stream().filter(p -> p.shardId().equals(shardId)).map(Processed::sequenceNumber)
                .reduce((first, second) -> second).orElseThrow();
    }

    private DefaultScheduler start(String worker) {
        return start(worker, new SimpleMeterRegistry());
    }

    private DefaultScheduler start(String worker, SimpleMeterRegistry registry) {
        return start(worker, registry, RecordHandlers.processorFactory(
                () -> record -> record(worker, record), CheckpointStrategy.afterEachBatch()), false);
    }

    private DefaultScheduler start(String worker, SimpleMeterRegistry registry, ShardRecordProcessorFactory processors,
            boolean callOnEmpty) {
        return schedulers.start(SchedulerFixture.config(worker)
                .streamName(FakeKinesisProxy.STREAM)
                .meterRegistry(registry)
                .processorFactory(processors)
                .callProcessRecordsEvenForEmptyRecordList(callOnEmpty)
                .build());
    }

    private void record(String worker, KinesisClientRecord record) {
        String text = new String(record.dataAsBytes(), StandardCharsets.UTF_8);
        processed.add(new Processed(worker, text.substring(0, text.indexOf('/')), record.sequenceNumber()));
    }

    private void putRecords(int from, int to) {
        for (int i = from; i < to; i++) {
            String shardId = "shardId-00000000000" + (i % SHARDS);
            kinesis.shard(shardId).put("key-" + i, shardId + "/" + i);
        }
    }

    private void awaitProcessed(int distinct) {
        await().atMost(TIMEOUT).until(() -> processed.stream().map(Processed::sequenceNumber).distinct().count()
                >= distinct);
    }

    private Map<String, Long> duplicates() {
        return processed.stream().collect(Collectors.groupingBy(Processed::sequenceNumber, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private void assertOrderedPerShard() {
        Map<String, List<Long>> byShard = new ConcurrentHashMap<>();
        processed.forEach(p -> byShard.computeIfAbsent(p.shardId(), s -> new ArrayList<>())
                .add(Long.parseLong(p.sequenceNumber().substring(20))));
        byShard.forEach((shard, sequence) -> assertThat(sequence).as(shard).isSorted());
    }
}
