package io.shardline.kcl.internal.lanes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.FailurePolicy;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LanesConfig;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.PartialBatchFailureException;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.RecordBatchHandler;
import io.shardline.kcl.RecordHandler;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.kcl.deadletter.DeadLetterEntry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LanedProcessorTest {

    private static final long BASE = 1_000_000L;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final FakeLaneCheckpointer checkpointer = new FakeLaneCheckpointer();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void keepsEachKeysOrderWhileLanesRunConcurrently() {
        Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        RecordHandler handler = record -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleepMillis(record.sequenceNumber().hashCode() % 3);
            seen.computeIfAbsent(record.partitionKey(), k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(Long.parseLong(record.sequenceNumber()));
            running.decrementAndGet();
        };
        ShardRecordProcessor processor = start(RecordHandlers.parallel(() -> handler, config(8).build()), null, null);
        List<KinesisClientRecord> records = records(0, 2_000, 40);

        for (int i = 0; i < records.size(); i += 250) {
            processor.processRecords(input(records.subList(i, i + 250)));
        }
        processor.shutdownRequested(new ShutdownRequestedInput("shardId-0", checkpointer));

        assertThat(seen.values().stream().mapToInt(List::size).sum()).isEqualTo(2_000);
        seen.forEach((key, order) -> assertThat(order).as("order of key " + key).isSorted());
        assertThat(maxRunning.get()).as("records of different keys ran at the same time, on at most 8 lanes")
                .isBetween(2, 8);
        assertThat(checkpointer.last().position()).isEqualTo(position(1_999));
        assertThat(checkpointer.last().state()).as("nothing done above the final checkpoint").isNull();
    }

    @Test
    void aFailedCheckpointResultIsRetriedNotTakenAsWritten() {
        AtomicInteger handled = new AtomicInteger();
        checkpointer.failWrites(true);
        ShardRecordProcessor processor = start(RecordHandlers.parallel(() -> record -> handled.incrementAndGet(),
                config(4).build()), null, null);

        processor.processRecords(input(records(0, 100, 10)));
        await().atMost(DEADLINE).until(() -> handled.get() == 100);
        int failedSoFar = checkpointer.failedAttempts();
        await("the pump retries the failed write").atMost(DEADLINE)
                .until(() -> checkpointer.failedAttempts() > failedSoFar);
        checkpointer.failWrites(false);
        processor.shutdownRequested(new ShutdownRequestedInput("shardId-0", checkpointer));

        assertThat(checkpointer.last()).as("the final checkpoint is written once the table is back").isNotNull();
        assertThat(checkpointer.last().position()).isEqualTo(position(99));
    }

    @Test
    void checkpointsTheLowWaterMarkWithTheCompletedSetAboveIt() {
        CountDownLatch release = new CountDownLatch(1);
        RecordHandler handler = record -> {
            if (record.sequenceNumber().equals(seq(3))) {
                awaitLatch(release);
            }
        };
        ShardRecordProcessor processor = start(RecordHandlers.parallel(() -> handler,
                config(4).checkpointInterval(Duration.ZERO).build()), null, null);

        processor.processRecords(input(records(0, 40, 8)));

        await().atMost(DEADLINE).untilAsserted(() -> {
            FakeLaneCheckpointer.Write last = checkpointer.last();
            assertThat(last).isNotNull();
            assertThat(last.position()).isEqualTo(position(2));
            assertThat(CompletedSetCodec.decode(last.state())).containsExactlyElementsOf(
                    positions(4, 40, i -> i % 8 != 3)); // only key-3 waits behind record 3
        });
        release.countDown();
        processor.shutdownRequested(new ShutdownRequestedInput("shardId-0", checkpointer));
        assertThat(checkpointer.last()).isEqualTo(checkpointer.last());
        assertThat(checkpointer.last().position()).isEqualTo(position(39));
    }

    @Test
    void aNewOwnerSkipsWhatThePreviousOneCompletedAboveTheLowWaterMark() {
        CountDownLatch never = new CountDownLatch(1);
        RecordHandler first = record -> {
            if (record.partitionKey().equals("key-3")) {
                awaitLatch(never); // the first owner never gets key-3 done
            }
        };
        ShardRecordProcessor crashed = start(RecordHandlers.parallel(() -> first,
                config(4).checkpointInterval(Duration.ZERO).build()), null, null);
        crashed.processRecords(input(records(0, 40, 8)));
        List<ExtendedSequenceNumber> doneAbove = positions(4, 40, i -> i % 8 != 3);
        await().atMost(DEADLINE).until(() -> checkpointer.last() != null
                && CompletedSetCodec.decode(checkpointer.last().state()).equals(doneAbove));
        FakeLaneCheckpointer.Write checkpoint = checkpointer.last();
        crashed.leaseLost(new LeaseLostInput("shardId-0"));
        never.countDown();

        List<String> handledByNext = new CopyOnWriteArrayList<>();
        ShardRecordProcessor next = start(RecordHandlers.parallel(() -> r -> handledByNext.add(r.sequenceNumber()),
                config(4).build()), checkpoint.position(), checkpoint.state());
        next.processRecords(input(records(3, 40, 8)));
        next.shutdownRequested(new ShutdownRequestedInput("shardId-0", checkpointer));

        assertThat(checkpoint.position()).isEqualTo(position(2));
        assertThat(handledByNext).containsExactlyInAnyOrder(seq(3), seq(11), seq(19), seq(27), seq(35));
        assertThat(registry.find("shardline.lanes.records.skipped").counter()).isNull(); // removed at the end
        assertThat(checkpointer.last().position()).isEqualTo(position(39));
    }

    @Test
    void aPoisonKeyBlocksOnlyItsLaneThenGoesToTheDeadLetters() {
        List<DeadLetterEntry> deadLetters = new CopyOnWriteArrayList<>();
        FailurePolicy policy = FailurePolicy.builder().maxAttempts(3).retryBackoffBase(Duration.ofMillis(200))
                .retryBackoffMax(Duration.ofMillis(400)).deadLetterSink(deadLetters::add).build();
        CountDownLatch othersDone = new CountDownLatch(35);
        List<String> poisonOrder = new CopyOnWriteArrayList<>();
        AtomicInteger poisonCalls = new AtomicInteger();
        RecordHandler handler = record -> {
            if (record.partitionKey().equals("key-3")) {
                if (record.sequenceNumber().equals(seq(3))) {
                    poisonCalls.incrementAndGet();
                    throw new IllegalStateException("poison");
                }
                poisonOrder.add(record.sequenceNumber());
            } else {
                othersDone.countDown();
            }
        };
        ShardRecordProcessor processor = start(RecordHandlers.parallel(() -> handler,
                config(8).failurePolicy(policy).build()), null, null);

        processor.processRecords(input(records(0, 40, 8)));

        await().atMost(DEADLINE).until(() -> othersDone.getCount() == 0);
        assertThat(deadLetters).as("the other keys finished while the poison key was still retried").isEmpty();
        await().atMost(DEADLINE).until(() -> deadLetters.size() == 1);
        processor.shutdownRequested(new ShutdownRequestedInput("shardId-0", checkpointer));
        assertThat(deadLetters.get(0).sequenceNumber()).isEqualTo(seq(3));
        assertThat(deadLetters.get(0).attempts()).isEqualTo(3);
        assertThat(poisonCalls.get()).isEqualTo(3);
        assertThat(poisonOrder).containsExactly(seq(11), seq(19), seq(27), seq(35));
        assertThat(checkpointer.last().position()).isEqualTo(position(39));
    }

    @Test
    void stopShardKeepsTheCheckpointBelowThePoisonRecordAndRefusesToEndTheShard() {
        FailurePolicy policy = FailurePolicy.builder().maxAttempts(2).retryBackoffBase(Duration.ofMillis(10))
                .retryBackoffMax(Duration.ofMillis(10)).build(); // no sink: stop the shard
        List<String> handled = new CopyOnWriteArrayList<>();
        RecordHandler handler = record -> {
            if (record.sequenceNumber().equals(seq(5))) {
                throw new IllegalStateException("poison");
            }
            handled.add(record.sequenceNumber());
        };
        ShardRecordProcessor processor = start(RecordHandlers.parallel(() -> handler,
                config(4).failurePolicy(policy).checkpointInterval(Duration.ZERO).build()), null, null);

        processor.processRecords(input(records(0, 20, 4)));
        await().atMost(DEADLINE).until(() -> registry.find("shardline.lanes.shards.stopped").counter() != null
                && registry.find("shardline.lanes.shards.stopped").counter().count() == 1);
        processor.processRecords(input(records(20, 30, 4))); // returns at once: the shard is stopped

        assertThatThrownBy(() -> processor.shardEnded(new ShardEndedInput("shardId-0", checkpointer)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped by the failure policy");
        assertThat(handled).doesNotContain(seq(5)).doesNotContain(seq(21));
        assertThat(checkpointer.writes()).allSatisfy(w -> assertThat(w.position().isBefore(position(5))).isTrue());
    }

    @Test
    void batchHandlerFailuresAreBisectedToTheFailingRecord() {
        List<DeadLetterEntry> deadLetters = new CopyOnWriteArrayList<>();
        FailurePolicy policy = FailurePolicy.builder().maxAttempts(2).retryBackoffBase(Duration.ofMillis(5))
                .retryBackoffMax(Duration.ofMillis(5)).deadLetterSink(deadLetters::add).build();
        Set<String> handled = ConcurrentHashMap.newKeySet();
        RecordBatchHandler handler = batch -> {
            if (batch.stream().anyMatch(r -> r.sequenceNumber().equals(seq(13)))) {
                throw new IllegalStateException("a record of this batch is poison");
            }
            batch.forEach(r -> handled.add(r.sequenceNumber()));
        };
        ShardRecordProcessor processor = start(RecordHandlers.parallelBatches(() -> handler,
                config(1).maxBatchSize(32).failurePolicy(policy).build()), null, null);

        processor.processRecords(input(records(0, 32, 4)));
        processor.shutdownRequested(new ShutdownRequestedInput("shardId-0", checkpointer));

        assertThat(deadLetters).extracting(DeadLetterEntry::sequenceNumber).containsExactly(seq(13));
        assertThat(handled).hasSize(31).doesNotContain(seq(13));
        assertThat(checkpointer.last().position()).isEqualTo(position(31));
    }

    @Test
    void aPartialBatchFailureCompletesTheRecordsBeforeIt() {
        List<DeadLetterEntry> deadLetters = new CopyOnWriteArrayList<>();
        FailurePolicy policy = FailurePolicy.builder().maxAttempts(2).retryBackoffBase(Duration.ofMillis(5))
                .retryBackoffMax(Duration.ofMillis(5)).deadLetterSink(deadLetters::add).build();
        List<String> handled = new CopyOnWriteArrayList<>();
        RecordBatchHandler handler = batch -> {
            for (KinesisClientRecord record : batch) {
                if (record.sequenceNumber().equals(seq(6))) {
                    throw PartialBatchFailureException.at(record, new IllegalStateException("bad"));
                }
                handled.add(record.sequenceNumber());
            }
        };
        ShardRecordProcessor processor = start(RecordHandlers.parallelBatches(() -> handler,
                config(1).maxBatchSize(10).failurePolicy(policy).build()), null, null);

        processor.processRecords(input(records(0, 10, 2)));
        processor.shutdownRequested(new ShutdownRequestedInput("shardId-0", checkpointer));

        assertThat(handled).containsExactlyInAnyOrder(seq(0), seq(1), seq(2), seq(3), seq(4), seq(5), seq(7), seq(8),
                seq(9));
        assertThat(deadLetters).extracting(DeadLetterEntry::sequenceNumber).containsExactly(seq(6));
    }

    @Test
    void leaseLostStopsTheLanesAtOnceAndWritesNothingMore() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        RecordHandler handler = record -> {
            started.countDown();
            awaitLatch(release);
            handled.incrementAndGet();
        };
        ShardRecordProcessor processor = start(RecordHandlers.parallel(() -> handler, config(2).build()), null, null);
        processor.processRecords(input(records(0, 20, 2)));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        int writesBefore = checkpointer.writes().size();

        processor.leaseLost(new LeaseLostInput("shardId-0"));
        release.countDown();

        await().atMost(DEADLINE).until(() -> handled.get() >= 1);
        assertThat(handled.get()).as("only the calls already running finish").isLessThanOrEqualTo(2);
        assertThat(checkpointer.writes()).hasSize(writesBefore);
    }

    @Test
    void aCheckpointFencedByANewOwnerStopsTheLanes() {
        AtomicInteger handled = new AtomicInteger();
        ShardRecordProcessor processor = start(RecordHandlers.parallel(() -> r -> {
            handled.incrementAndGet();
            sleepMillis(2);
        }, config(1).maxPendingRecords(5).checkpointInterval(Duration.ZERO).build()), null, null);
        checkpointer.loseLease();

        processor.processRecords(input(records(0, 200, 1)));

        assertThat(handled.get()).as("processRecords returned once a write found the lease lost").isLessThan(200);
    }

    @Test
    void neverHasMoreThanMaxPendingRecordsBeyondTheLowWaterMark() {
        AtomicInteger maxPending = new AtomicInteger();
        RecordHandler[] handler = new RecordHandler[1];
        ShardRecordProcessor processor = start(RecordHandlers.parallel(() -> r -> handler[0].handle(r),
                config(4).maxPendingRecords(16).build()), null, null);
        handler[0] = record -> {
            maxPending.accumulateAndGet((int) registry.get("shardline.lanes.pending").gauge().value(), Math::max);
            sleepMillis(1);
        };

        processor.processRecords(input(records(0, 300, 16)));
        processor.shutdownRequested(new ShutdownRequestedInput("shardId-0", checkpointer));

        assertThat(maxPending.get()).isBetween(1, 16);
        assertThat(checkpointer.last().position()).isEqualTo(position(299));
    }

    @Test
    void drainsAndCheckpointsShardEnd() {
        AtomicInteger handled = new AtomicInteger();
        ShardRecordProcessor processor = start(RecordHandlers.parallel(() -> r -> {
            sleepMillis(1);
            handled.incrementAndGet();
        }, config(4).build()), null, null);

        processor.processRecords(input(records(0, 100, 10)));
        processor.shardEnded(new ShardEndedInput("shardId-0", checkpointer));

        assertThat(handled.get()).isEqualTo(100);
        assertThat(checkpointer.last().position()).isEqualTo(ExtendedSequenceNumber.shardEnd());
    }

    @Test
    void configRejectsOutOfRangeValuesNamingTheField() {
        assertThatThrownBy(() -> LanesConfig.builder().lanes(1_001).build())
                .hasMessage("LanesConfig.lanes must be between 1 and 1000, was 1001");
        assertThatThrownBy(() -> LanesConfig.builder().lanes(0).build()).hasMessageContaining("lanes");
        assertThatThrownBy(() -> LanesConfig.builder().lanes(10).maxPendingRecords(5).build())
                .hasMessageContaining("maxPendingRecords").hasMessageContaining("was 5");
        assertThatThrownBy(() -> LanesConfig.builder().checkpointInterval(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("checkpointInterval");
        assertThat(LanesConfig.builder().lanes(1_000).maxPendingRecords(1_000).build().toBuilder().build())
                .isEqualTo(LanesConfig.builder().lanes(1_000).maxPendingRecords(1_000).build());
    }

    @Test
    void aKeyWaitingForARetryHoldsOneLaneAndNoOtherKey() {
        List<DeadLetterEntry> deadLetters = new CopyOnWriteArrayList<>();
        FailurePolicy policy = FailurePolicy.builder().maxAttempts(3).retryBackoffBase(Duration.ofSeconds(20))
                .retryBackoffMax(Duration.ofSeconds(20)).deadLetterSink(deadLetters::add).build();
        Set<String> others = ConcurrentHashMap.newKeySet();
        ShardRecordProcessor processor = start(RecordHandlers.parallel(() -> record -> {
            if (record.partitionKey().equals("key-0")) {
                throw new IllegalStateException("poison key");
            }
            others.add(record.sequenceNumber());
        }, config(2).failurePolicy(policy).build()), null, null);

        processor.processRecords(input(records(0, 200, 50)));

        await().atMost(DEADLINE).until(() -> others.size() == 196); // every key but key-0, on the one other lane
        assertThat(deadLetters).as("key-0 is still waiting for its retry (20 s backoff)").isEmpty();
        processor.leaseLost(new LeaseLostInput("shardId-0")); // ends the backoff at once
        assertThat(deadLetters).isEmpty();
    }

    // --- fixture

    private LanesConfig.Builder config(int lanes) {
        return LanesConfig.builder().lanes(lanes).maxPendingRecords(Math.max(lanes, 1_000)).meterRegistry(registry);
    }

    private ShardRecordProcessor start(io.shardline.kcl.ShardRecordProcessorFactory factory,
                                       ExtendedSequenceNumber checkpoint, byte[] state) {
        ShardRecordProcessor processor = factory.create("shardId-0");
        processor.initialize(new InitializationInput("shardId-0",
                checkpoint == null ? ExtendedSequenceNumber.trimHorizon() : checkpoint, state, null, null));
        return processor;
    }

    private ProcessRecordsInput input(List<KinesisClientRecord> records) {
        return new ProcessRecordsInput(records, checkpointer, 0, false);
    }

    /** Records {@code from..to-1}; record i has key {@code key-(i mod keys)}. */
    private static List<KinesisClientRecord> records(int from, int to, int keys) {
        List<KinesisClientRecord> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new KinesisClientRecord("key-" + (i % keys), seq(i), 0, null, Instant.now(),
                    ByteBuffer.wrap(new byte[] {(byte) i}), false));
        }
        return out;
    }

    private static List<ExtendedSequenceNumber> positions(int from, int to, java.util.function.IntPredicate keep) {
        List<ExtendedSequenceNumber> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (keep.test(i)) {
                out.add(position(i));
            }
        }
        return out;
    }

    private static String seq(int i) {
        return Long.toString(BASE + i);
    }

    private static ExtendedSequenceNumber position(int i) {
        return ExtendedSequenceNumber.of(seq(i));
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(Math.max(0, millis)); // simulates handler work, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
