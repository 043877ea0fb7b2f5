package io.shardline.kcl.internal.consumer;

import static io.shardline.kcl.internal.consumer.ConsumerFixture.TIMEOUT;
import static io.shardline.kcl.internal.consumer.ConsumerFixture.waiting;
import static io.shardline.kcl.internal.consumer.FakeFetcherFactory.batch;
import static io.shardline.kcl.internal.consumer.FakeFetcherFactory.shardEnd;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.checkpoint.Checkpointers;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.SchedulerMetrics;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.ChildShard;
import io.shardline.kcl.retrieval.FatalRetrievalException;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.lease.Checkpoint;
import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.HashKeyRange;
import io.shardline.lease.Lease;
import io.shardline.lease.testing.StoreOperation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShardConsumerTest {

    private static final String SHARD = "shardId-000000000000";

    private final ConsumerFixture fixture = new ConsumerFixture();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void deliversEveryBatchInOrderAndCheckpointsIt() {
        ShardConsumer consumer = fixture.start(fixture.acquire(SHARD));
        FakeFetcherFactory.FakeFetcher fetcher = fixture.awaitFetcher(SHARD);
        fetcher.add(batch(0, 10));
        fetcher.add(batch(10, 20));
        fetcher.add(batch(20, 30));

        RecordingProcessor processor = fixture.processor(SHARD);
        waiting().until(() -> processor.records.size() == 30);
        assertThat(processor.records).containsExactlyElementsOf(sequenceNumbers(0, 30));
        assertThat(processor.calls).containsExactly("initialize", "processRecords", "processRecords",
                "processRecords");
        assertThat(processor.overlapped).isFalse();
        assertThat(fetcher.startedAt()).isEqualTo(StartingPosition.trimHorizon());
        assertThat(consumer.state()).isEqualTo(ConsumerState.PROCESSING);
        waiting().until(() -> Checkpoint.of("1029").equals(fixture.checkpointOf(SHARD)));
        assertThat(counter(SchedulerMetrics.RECORDS_PROCESSED)).isEqualTo(30);
    }

    @Test
    void startsAtTheCheckpointInTheTableNotTheOneOfTheLeaseEventItWasMadeFrom() {
        // A worker that fenced itself takes the lease back under the same token; the previous consumer on this worker
        // checkpointed after the snapshot the new consumer is made from.
        Lease snapshot = fixture.acquire(SHARD);
        fixture.store.checkpoint(snapshot.token(), CheckpointUpdate.commit(Checkpoint.of("1009"), null));

        fixture.start(snapshot);
        FakeFetcherFactory.FakeFetcher fetcher = fixture.awaitFetcher(SHARD);

        assertThat(fetcher.startedAt()).isEqualTo(StartingPosition.afterSequenceNumber(
                ExtendedSequenceNumber.of("1009")));
        assertThat(fixture.processor(SHARD).initialization.startingPosition())
                .isEqualTo(ExtendedSequenceNumber.of("1009"));
    }

    @Test
    void aLeaseTakenUnderAnotherTokenBeforeTheProcessorStartsIsLostWithoutInitializing() {
        Lease snapshot = fixture.acquire(SHARD);
        fixture.store.transfer(snapshot.token(), "w2"); // a peer took it meanwhile

        ShardConsumer consumer = fixture.start(snapshot);

        waiting().until(() -> consumer.terminated().isDone());
        assertThat(consumer.terminated().join()).isEqualTo(ShutdownReason.LEASE_LOST);
        assertThat(fixture.processors).doesNotContainKey(SHARD);
        assertThat(fixture.callbacks.fenced).containsExactly(SHARD);
    }

    @Test
    void callbacksOfOneShardNeverOverlapAndKeepTheirOrderUnderManySignals() {
        fixture.start(fixture.acquire(SHARD));
        FakeFetcherFactory.FakeFetcher fetcher = fixture.awaitFetcher(SHARD);
        RecordingProcessor processor = fixture.processor(SHARD);
        Thread producer = new Thread(() -> IntStream.range(0, 100).forEach(i -> fetcher.add(batch(i * 3, i * 3 + 3))));
        producer.start();
        fetcher.add(RecordBatch.of(List.of(), 0, null)); // empty batches are skipped, not delivered

        waiting().until(() -> processor.records.size() == 300);
        assertThat(processor.overlapped).isFalse();
        assertThat(processor.records).containsExactlyElementsOf(sequenceNumbers(0, 300));
    }

    @Test
    void aSlowProcessorOnOneShardDoesNotStallAnother() {
        fixture.start(fixture.acquire("slow"));
        fixture.start(fixture.acquire("fast"));
        RecordingProcessor slow = fixture.processor("slow");
        slow.blockProcessing = new CountDownLatch(1);
        fixture.awaitFetcher("slow").add(batch(0, 1));
        waiting().until(() -> slow.calls.contains("processRecords"));

        fixture.awaitFetcher("fast").add(batch(0, 5));
        fixture.awaitFetcher("fast").add(batch(5, 10));

        RecordingProcessor fast = fixture.processor("fast");
        waiting().until(() -> fast.records.size() == 10);
        assertThat(slow.records).isEmpty();
        slow.blockProcessing.countDown();
        waiting().until(() -> slow.records.size() == 1);
    }

    @Test
    void handoffCallsShutdownRequestedAfterTheInFlightBatchThenCompletesTheHandoff() {
        ShardConsumer consumer = fixture.start(fixture.acquire(SHARD));
        FakeFetcherFactory.FakeFetcher fetcher = fixture.awaitFetcher(SHARD);
        RecordingProcessor processor = fixture.processor(SHARD);
        processor.checkpointEachBatch = false;
        processor.blockProcessing = new CountDownLatch(1);
        fetcher.add(batch(0, 10));
        waiting().until(() -> processor.calls.contains("processRecords"));

        consumer.requestShutdown();
        fetcher.add(batch(10, 20)); // fetched after the request: dropped, never delivered

        assertThat(fetcher.isClosed()).isTrue();
        assertThat(consumer.terminated()).isNotDone();
        assertThat(fixture.callbacks.handoffs).isEmpty();
        processor.blockProcessing.countDown();
        assertThat(consumer.terminated()).succeedsWithin(TIMEOUT).isEqualTo(ShutdownReason.REQUESTED);
        assertThat(processor.calls).containsExactly("initialize", "processRecords", "shutdownRequested");
        assertThat(processor.records).containsExactlyElementsOf(sequenceNumbers(0, 10));
        assertThat(fixture.callbacks.handoffs).containsExactly(SHARD);
        assertThat(fixture.callbacks.checkpointAtHandoff.get(SHARD)).isEqualTo(Checkpoint.of("1009"));
        assertThat(consumer.state()).isEqualTo(ConsumerState.SHUTDOWN_COMPLETE);
    }

    @Test
    void aHandoffRequestedAfterTheConsumerFinishedIsCompletedAtOnce() {
        ShardConsumer consumer = fixture.start(fixture.acquire(SHARD));
        fixture.awaitFetcher(SHARD).add(shardEnd(0, 3, List.of()));
        assertThat(consumer.terminated()).succeedsWithin(TIMEOUT).isEqualTo(ShutdownReason.SHARD_END);

        consumer.requestShutdown();

        assertThat(fixture.callbacks.handoffs).containsExactly(SHARD);
    }

    @Test
    void leaseLostNeverCheckpoints() {
        ShardConsumer consumer = fixture.start(fixture.acquire(SHARD));
        FakeFetcherFactory.FakeFetcher fetcher = fixture.awaitFetcher(SHARD);
        RecordingProcessor processor = fixture.processor(SHARD);
        processor.checkpointEachBatch = false;
        fetcher.add(batch(0, 10));
        waiting().until(() -> processor.records.size() == 10);
        fixture.store.resetOperationCounts();

        consumer.leaseLost();

        assertThat(consumer.terminated()).succeedsWithin(TIMEOUT).isEqualTo(ShutdownReason.LEASE_LOST);
        assertThat(processor.calls).containsExactly("initialize", "processRecords", "leaseLost");
        assertThat(fixture.store.operationCounts().calls(StoreOperation.CHECKPOINT)).isZero();
        assertThat(fixture.checkpointOf(SHARD)).isNull();
        assertThat(fixture.callbacks.handoffs).isEmpty();
        assertThat(fixture.callbacks.fenced).isEmpty();
        assertThat(fetcher.isClosed()).isTrue();
    }

    @Test
    void aPausedWorkerDeliversNothingAfterItsFenceDeadlineAndStopsAsFenced() {
        fixture.callbacks.fenceDeadlineNanos = 1_000;
        ShardConsumer consumer = fixture.start(fixture.acquire(SHARD));
        FakeFetcherFactory.FakeFetcher fetcher = fixture.awaitFetcher(SHARD);
        RecordingProcessor processor = fixture.processor(SHARD);
        processor.blockProcessing = new CountDownLatch(1);
        fetcher.add(batch(0, 10));
        waiting().until(() -> processor.calls.contains("processRecords"));
        fetcher.add(batch(10, 20)); // buffered while the worker is paused in the first batch
        fetcher.add(batch(20, 30));

        fixture.callbacks.nanoTime.set(2_000); // the pause outlasted the fence deadline: no heartbeat in between
        processor.blockProcessing.countDown();

        assertThat(consumer.terminated()).succeedsWithin(TIMEOUT).isEqualTo(ShutdownReason.LEASE_LOST);
        assertThat(processor.records).containsExactlyElementsOf(sequenceNumbers(0, 10));
        assertThat(processor.calls).containsExactly("initialize", "processRecords", "leaseLost");
        assertThat(fixture.callbacks.fenced).containsExactly(SHARD);
        assertThat(fetcher.isClosed()).isTrue();
    }

    @Test
    void aHandoffPastTheFenceDeadlineEndsWithLeaseLostNotShutdownRequested() {
        fixture.callbacks.fenceDeadlineNanos = 1_000;
        ShardConsumer consumer = fixture.start(fixture.acquire(SHARD));
        FakeFetcherFactory.FakeFetcher fetcher = fixture.awaitFetcher(SHARD);
        RecordingProcessor processor = fixture.processor(SHARD);
        fetcher.add(batch(0, 10));
        waiting().until(() -> processor.records.size() == 10);

        fixture.callbacks.nanoTime.set(1_000);
        consumer.requestShutdown();

        assertThat(consumer.terminated()).succeedsWithin(TIMEOUT).isEqualTo(ShutdownReason.LEASE_LOST);
        assertThat(processor.calls).endsWith("leaseLost").doesNotContain("shutdownRequested");
        assertThat(fixture.callbacks.handoffs).isEmpty();
        assertThat(fixture.callbacks.fenced).containsExactly(SHARD);
    }

    @Test
    void leaseLostWinsOverAPendingHandoff() {
        ShardConsumer consumer = fixture.start(fixture.acquire(SHARD));
        FakeFetcherFactory.FakeFetcher fetcher = fixture.awaitFetcher(SHARD);
        RecordingProcessor processor = fixture.processor(SHARD);
        processor.blockProcessing = new CountDownLatch(1);
        fetcher.add(batch(0, 1));
        waiting().until(() -> processor.calls.contains("processRecords"));

        consumer.requestShutdown();
        consumer.leaseLost();
        processor.blockProcessing.countDown();

        assertThat(consumer.terminated()).succeedsWithin(TIMEOUT).isEqualTo(ShutdownReason.LEASE_LOST);
        assertThat(processor.calls).endsWith("leaseLost").doesNotContain("shutdownRequested");
        assertThat(fixture.callbacks.handoffs).isEmpty();
    }

    @Test
    void shardEndCheckpointsShardEndAndCreatesTheChildLeases() {
        ShardConsumer consumer = fixture.start(fixture.acquire(SHARD));
        HashKeyRange range = HashKeyRange.of("0", "100");
        fixture.awaitFetcher(SHARD).add(batch(0, 5));
        fixture.awaitFetcher(SHARD).add(shardEnd(5, 8, List.of(new ChildShard("child", List.of(SHARD), range))));

        assertThat(consumer.terminated()).succeedsWithin(TIMEOUT).isEqualTo(ShutdownReason.SHARD_END);
        RecordingProcessor processor = fixture.processor(SHARD);
        assertThat(processor.calls).containsExactly("initialize", "processRecords", "processRecords", "shardEnded");
        assertThat(fixture.checkpointOf(SHARD).isShardEnd()).isTrue();
        Lease child = fixture.store.get("child").orElseThrow();
        assertThat(child.parentLeaseKeys()).containsExactly(SHARD);
        assertThat(child.hashKeyRange()).isEqualTo(range);
        assertThat(child.checkpoint()).isEqualTo(Checkpoint.of("TRIM_HORIZON"));
        assertThat(child.owner()).isNull();
        assertThat(fixture.store.get(SHARD).orElseThrow().childLeaseKeys()).containsExactly("child");
        assertThat(fixture.callbacks.finished).as("the children are offered for assignment after SHARD_END")
                .containsExactly(Map.entry(SHARD, List.of("child")));
    }

    @Test
    void aShardWhoseLeaseIsGoneCreatesNoChildAtItsEnd() {
        ShardConsumer consumer = fixture.start(fixture.acquire(SHARD));
        fixture.awaitFetcher(SHARD).add(batch(0, 2));
        fixture.store.remove(SHARD); // the cleanup deleted it after its children were consumed: a zombie's view

        fixture.awaitFetcher(SHARD).add(shardEnd(2, 3, List.of(new ChildShard("child", List.of(SHARD),
                HashKeyRange.of("0", "100")))));

        assertThat(consumer.terminated()).succeedsWithin(TIMEOUT).isEqualTo(ShutdownReason.LEASE_LOST);
        assertThat(fixture.store.get("child")).as("a consumed lineage is never re-created").isEmpty();
        assertThat(fixture.callbacks.finished).isEmpty();
    }

    @Test
    void checkpointsShardEndItselfWhenTheProcessorForgets() {
        fixture.processorFactory = shardId -> {
            RecordingProcessor forgetful = new RecordingProcessor();
            forgetful.checkpointAtShardEnd = false;
            fixture.processors.put(shardId, forgetful);
            return forgetful;
        };
        ShardConsumer consumer = fixture.start(fixture.acquire(SHARD));
        fixture.awaitFetcher(SHARD).add(shardEnd(0, 3, List.of()));

        assertThat(consumer.terminated()).succeedsWithin(TIMEOUT).isEqualTo(ShutdownReason.SHARD_END);
        assertThat(fixture.processor(SHARD).checkpoints).hasSize(1); // only its batch checkpoint
        assertThat(fixture.checkpointOf(SHARD).isShardEnd()).isTrue();
    }

    @Test
    void aFencedCheckpointStopsTheConsumerAndIsReported() {
        ShardConsumer consumer = fixture.start(fixture.acquire(SHARD));
        FakeFetcherFactory.FakeFetcher fetcher = fixture.awaitFetcher(SHARD);
        RecordingProcessor processor = fixture.processor(SHARD);
        fetcher.add(batch(0, 5));
        waiting().until(() -> Checkpoint.of("1004").equals(fixture.checkpointOf(SHARD)));
        Lease current = fixture.store.get(SHARD).orElseThrow();
        fixture.store.transfer(current.token(), "w2"); // another worker took the lease over

        fetcher.add(batch(5, 10));

        assertThat(consumer.terminated()).succeedsWithin(TIMEOUT).isEqualTo(ShutdownReason.LEASE_LOST);
        assertThat(processor.checkpoints.get(1).isLeaseLost()).isTrue();
        assertThat(processor.calls).containsExactly("initialize", "processRecords", "processRecords", "leaseLost");
        assertThat(fixture.callbacks.fenced).containsExactly(SHARD);
        assertThat(fixture.checkpointOf(SHARD)).isEqualTo(Checkpoint.of("1004"));
        assertThat(fixture.registry.get(Checkpointers.FENCED).counter().count()).isEqualTo(1);
        assertThat(fetcher.isClosed()).isTrue();
    }

    @Test
    void aChildWaitsUntilItsParentIsFinished() {
        fixture.store.createIfAbsent(Lease.unowned("parent"));
        Lease child = fixture.acquire(Lease.unowned("child").withLineage(Set.of("parent"), Set.of(), null));
        ShardConsumer consumer = fixture.start(child);
        long reads = fixture.store.operationCounts().calls(StoreOperation.GET);
        waiting().until(() -> fixture.store.operationCounts().calls(StoreOperation.GET) >= reads + 3);
        assertThat(consumer.state()).isEqualTo(ConsumerState.WAITING_ON_PARENTS);
        assertThat(fixture.processors).doesNotContainKey("child");
        assertThat(fixture.fetchers.fetcher("child")).isNull();

        Lease parent = fixture.store.get("parent").orElseThrow();
        fixture.store.put(parent.withCheckpoint(ExtendedSequenceNumber.shardEnd().toCheckpoint()));

        waiting().until(() -> consumer.state() == ConsumerState.PROCESSING);
        assertThat(fixture.processor("child").calls).containsExactly("initialize");
    }

    @Test
    void aHandoffWhileWaitingOnParentsCompletesAtOnceWithoutAProcessor() {
        fixture.store.createIfAbsent(Lease.unowned("parent"));
        ShardConsumer consumer = fixture.start(
                fixture.acquire(Lease.unowned("child").withLineage(Set.of("parent"), Set.of(), null)));
        waiting().until(() -> fixture.store.operationCounts().calls(StoreOperation.GET) >= 2);

        consumer.requestShutdown();

        assertThat(consumer.terminated()).succeedsWithin(TIMEOUT).isEqualTo(ShutdownReason.REQUESTED);
        assertThat(fixture.callbacks.handoffs).containsExactly("child");
        assertThat(fixture.processors).isEmpty();
    }

    @Test
    void aLeaseAlreadyAtShardEndHasNothingToDo() {
        ShardConsumer consumer = fixture.start(fixture.acquire(
                Lease.unowned(SHARD).withCheckpoint(ExtendedSequenceNumber.shardEnd().toCheckpoint())));

        assertThat(consumer.terminated()).succeedsWithin(TIMEOUT).isEqualTo(ShutdownReason.SHARD_END);
        assertThat(fixture.processors).isEmpty();
        assertThat(fixture.fetchers.fetcher(SHARD)).isNull();
    }

    @Test
    void resumesRightAfterTheCheckpointInsideAnAggregateWithTheStoredState() {
        Lease withCheckpoint = Lease.unowned(SHARD).withCheckpoint(new Checkpoint("1005", 3))
                .withState("counts".getBytes(StandardCharsets.UTF_8));
        fixture.start(fixture.acquire(withCheckpoint));

        FakeFetcherFactory.FakeFetcher fetcher = fixture.awaitFetcher(SHARD);
        assertThat(fetcher.startedAt())
                .isEqualTo(StartingPosition.afterSequenceNumber(ExtendedSequenceNumber.of("1005", 3)));
        RecordingProcessor processor = fixture.processor(SHARD);
        assertThat(processor.initialization.startingPosition()).isEqualTo(ExtendedSequenceNumber.of("1005", 3));
        assertThat(new String(processor.initialization.state(), StandardCharsets.UTF_8)).isEqualTo("counts");
    }

    @Test
    void theInitialPositionAppliesOnlyToALeaseWithoutCheckpoint() {
        fixture.initialPosition = StartingPosition.latest();
        fixture.start(fixture.acquire("fresh"));
        fixture.start(fixture.acquire(Lease.unowned("child").withCheckpoint(Checkpoint.of("TRIM_HORIZON"))));

        assertThat(fixture.awaitFetcher("fresh").startedAt()).isEqualTo(StartingPosition.latest());
        assertThat(fixture.processor("fresh").initialization.startingPosition())
                .isEqualTo(ExtendedSequenceNumber.latest());
        assertThat(fixture.awaitFetcher("child").startedAt()).isEqualTo(StartingPosition.trimHorizon());
    }

    @Test
    void aBatchWhoseProcessingThrowsIsRetriedUntilItSucceeds() {
        fixture.start(fixture.acquire(SHARD));
        RecordingProcessor processor = fixture.processor(SHARD);
        processor.processRecordsFailures.set(2);
        fixture.awaitFetcher(SHARD).add(batch(0, 5));
        fixture.awaitFetcher(SHARD).add(batch(5, 10));

        waiting().until(() -> processor.records.size() == 10);
        assertThat(processor.records).containsExactlyElementsOf(sequenceNumbers(0, 10));
        assertThat(processor.calls.stream().filter("processRecords"::equals)).hasSize(4);
        assertThat(errors("processRecords")).isEqualTo(2);
    }

    @Test
    void aFailingInitializeIsRetried() {
        fixture.processorFactory = shardId -> {
            RecordingProcessor failing = new RecordingProcessor();
            failing.initializeFailures.set(2);
            fixture.processors.put(shardId, failing);
            return failing;
        };
        ShardConsumer consumer = fixture.start(fixture.acquire(SHARD));

        waiting().until(() -> consumer.state() == ConsumerState.PROCESSING);
        assertThat(fixture.processor(SHARD).calls).containsExactly("initialize", "initialize", "initialize");
        assertThat(errors("initialize")).isEqualTo(2);
    }

    @Test
    void aFatalFetchErrorRestartsTheFetcherAfterTheLastDeliveredRecord() {
        fixture.start(fixture.acquire(SHARD));
        FakeFetcherFactory.FakeFetcher first = fixture.awaitFetcher(SHARD);
        first.add(batch(0, 5));
        first.add(RecordBatch.failed(new FatalRetrievalException("GetRecords", "stream", SHARD,
                "InvalidArgumentException", "bad", null)));

        waiting().until(() -> fixture.fetchers.fetchersCreated(SHARD) == 2);
        assertThat(fixture.fetchers.fetcher(SHARD).startedAt())
                .isEqualTo(StartingPosition.afterSequenceNumber(ExtendedSequenceNumber.of("1004")));
        fixture.fetchers.fetcher(SHARD).add(batch(5, 7));
        waiting().until(() -> fixture.processor(SHARD).records.size() == 7);
    }

    @Test
    void reportsMillisBehindLatestPerShardAndRemovesTheGaugeWhenStopped() {
        ShardConsumer consumer = fixture.start(fixture.acquire(SHARD));
        fixture.awaitFetcher(SHARD).add(RecordBatch.of(FakeFetcherFactory.records(0, 2), 1234, "1001"));
        waiting().until(() -> fixture.processor(SHARD).records.size() == 2);
        assertThat(fixture.registry.get(SchedulerMetrics.MILLIS_BEHIND_LATEST).tag(SchedulerMetrics.SHARD_TAG, SHARD)
                .gauge().value()).isEqualTo(1234);

        consumer.leaseLost();
        assertThat(consumer.terminated()).succeedsWithin(TIMEOUT);
        assertThat(fixture.registry.find(SchedulerMetrics.MILLIS_BEHIND_LATEST).gauges()).isEmpty();
    }

    private double counter(String name) {
        return fixture.registry.get(name).counter().count();
    }

    private double errors(String callback) {
        return fixture.registry.get(SchedulerMetrics.PROCESSOR_ERRORS).tag(SchedulerMetrics.CALLBACK_TAG, callback)
                .counter().count();
    }

    private static List<String> sequenceNumbers(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> String.valueOf(1000 + i)).toList();
    }
}
