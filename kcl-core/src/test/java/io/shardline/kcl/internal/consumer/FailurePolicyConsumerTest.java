package io.shardline.kcl.internal.consumer;

import static io.shardline.kcl.internal.consumer.ConsumerFixture.TIMEOUT;
import static io.shardline.kcl.internal.consumer.ConsumerFixture.waiting;
import static io.shardline.kcl.internal.consumer.FakeFetcherFactory.batch;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.checkpoint.CheckpointException;
import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.FailurePolicy;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.SchedulerMetrics;
import io.shardline.kcl.deadletter.DeadLetterEntry;
import io.shardline.kcl.deadletter.DeadLetterException;
import io.shardline.kcl.deadletter.DeadLetterSink;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.lease.Checkpoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The failure policy in the shard consumer: retries, bisection, partial failures, dead letters, stops, record age. */
class FailurePolicyConsumerTest {

    private static final String SHARD = "shardId-000000000000";
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private final ConsumerFixture fixture = new ConsumerFixture();
    private final RecordingSink sink = new RecordingSink();
    private final PoisonProcessor processor = new PoisonProcessor();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private ShardConsumer start(FailurePolicy.Builder policy) {
        fixture.failurePolicy = policy.clock(InstantSource.fixed(NOW)).build();
        fixture.processorFactory = shardId -> processor;
        return fixture.start(fixture.acquire(SHARD));
    }

    private FailurePolicy.Builder withSink() {
        return FailurePolicy.builder().deadLetterSink(sink).retryBackoffBase(Duration.ofMillis(1))
                .retryBackoffMax(Duration.ofMillis(5));
    }

    @Test
    void aPoisonRecordIsIsolatedByBisectionAndDeadLetteredWhileEveryOtherRecordIsProcessedInOrder() {
        processor.poison("1005", Integer.MAX_VALUE);
        ShardConsumer consumer = start(withSink());
        fixture.awaitFetcher(SHARD).add(batch(0, 16));
        fixture.awaitFetcher(SHARD).add(batch(16, 20));

        waiting().until(() -> processor.processed.size() == 19);
        assertThat(processor.processed).containsExactlyElementsOf(without(sequenceNumbers(0, 20), "1005"));
        assertThat(sink.entries).singleElement().satisfies(entry -> {
            assertThat(entry.sequenceNumber()).isEqualTo("1005");
            assertThat(entry.shardId()).isEqualTo(SHARD);
            assertThat(entry.stream()).isEqualTo("stream");
            assertThat(entry.application()).isEqualTo("app");
            assertThat(entry.partitionKey()).isEqualTo("key-0");
            assertThat(new String(entry.dataAsBytes(), StandardCharsets.UTF_8)).isEqualTo("r5");
            assertThat(entry.reason()).isEqualTo(DeadLetterEntry.Reason.PROCESSING_FAILED);
            assertThat(entry.errorClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(entry.errorMessage()).isEqualTo("poisoned");
            assertThat(entry.attempts()).isGreaterThanOrEqualTo(3 + 3); // 3 as the batch, 3 alone, halves between
            assertThat(entry.failedAt()).isEqualTo(NOW);
            assertThat(entry.workerId()).isEqualTo(ConsumerFixture.WORKER);
        });
        waiting().until(() -> Checkpoint.of("1019").equals(fixture.checkpointOf(SHARD)));
        assertThat(deadLettered(DeadLetterEntry.Reason.PROCESSING_FAILED)).isEqualTo(1);
        assertThat(consumer.state()).isEqualTo(ConsumerState.PROCESSING);
        assertEveryCheckpointWithinItsInput();
    }

    @Test
    void bisectionCallsStayLogarithmic() {
        processor.poison("1063", Integer.MAX_VALUE);
        start(withSink());
        fixture.awaitFetcher(SHARD).add(batch(0, 64));

        waiting().until(() -> processor.processed.size() == 63 && sink.entries.size() == 1);
        // 3 whole-batch attempts, at most 2 calls per halving level (6 levels), 3 alone.
        assertThat(processor.inputs).hasSizeLessThanOrEqualTo(3 + 2 * 6 + 3);
        assertThat(sink.sequenceNumbers()).containsExactly("1063");
    }

    @Test
    void withoutASinkAPoisonRecordStopsTheShardAndNothingPastItIsCheckpointed() {
        processor.poison("1003", Integer.MAX_VALUE);
        ShardConsumer consumer = start(FailurePolicy.builder().retryBackoffBase(Duration.ofMillis(1))
                .retryBackoffMax(Duration.ofMillis(5)));
        FakeFetcherFactory.FakeFetcher fetcher = fixture.awaitFetcher(SHARD);
        fetcher.add(batch(0, 8));

        waiting().until(() -> gauge(SchedulerMetrics.SHARDS_STOPPED) == 1);
        // The gauge moves inside the batch runner's stop; the consumer closes the fetcher right after, on its thread.
        waiting().until(fetcher::isClosed);
        assertThat(processor.processed).containsExactly("1000", "1001", "1002");
        assertThat(fetcher.isClosed()).isTrue();
        assertThat(consumer.state()).isEqualTo(ConsumerState.PROCESSING);
        int calls = processor.inputs.size();

        consumer.requestShutdown(); // the processor checkpoints with checkpoint(): only up to 1002
        assertThat(consumer.terminated()).succeedsWithin(TIMEOUT).isEqualTo(ShutdownReason.REQUESTED);
        assertThat(processor.inputs).hasSize(calls);
        assertThat(fixture.checkpointOf(SHARD)).isEqualTo(Checkpoint.of("1002"));
        assertThat(gauge(SchedulerMetrics.SHARDS_STOPPED)).isZero();
        assertThat(fixture.callbacks.handoffs).containsExactly(SHARD);
    }

    @Test
    void aStoppedShardWhoseFirstRecordFailsCheckpointsNothingAtHandoff() {
        processor.poison("1000", Integer.MAX_VALUE);
        ShardConsumer consumer = start(FailurePolicy.builder().maxAttempts(1).retryBackoffBase(Duration.ofMillis(1))
                .retryBackoffMax(Duration.ofMillis(5)));
        fixture.awaitFetcher(SHARD).add(batch(0, 4));
        waiting().until(() -> gauge(SchedulerMetrics.SHARDS_STOPPED) == 1);

        consumer.requestShutdown();

        assertThat(consumer.terminated()).succeedsWithin(TIMEOUT);
        assertThat(processor.checkpoints).last().isEqualTo(new CheckpointResult.Ok(ExtendedSequenceNumber.trimHorizon()));
        assertThat(fixture.store.get(SHARD).orElseThrow().checkpoint()).isNull();
    }

    @Test
    void aPartialFailureCheckpointsBeforeTheLowestFailureAndRetriesOnlyFromThere() {
        processor.partial = true;
        processor.poison("1004", 2).poison("1007", 1);
        start(withSink());
        fixture.awaitFetcher(SHARD).add(batch(0, 10));

        waiting().until(() -> processor.processed.containsAll(sequenceNumbers(0, 10)));
        assertThat(processor.inputs).containsExactly(sequenceNumbers(0, 10), sequenceNumbers(4, 10),
                sequenceNumbers(4, 10));
        assertThat(processor.checkpointAtCallStart.get(1)).contains(ExtendedSequenceNumber.of("1003"));
        assertThat(sink.entries).isEmpty();
        waiting().until(() -> Checkpoint.of("1009").equals(fixture.checkpointOf(SHARD)));
    }

    @Test
    void aRecordNamedInPartialFailuresUntilMaxAttemptsIsDeadLetteredWithoutBisection() {
        processor.partial = true;
        processor.poison("1002", Integer.MAX_VALUE);
        start(withSink().maxAttempts(2));
        fixture.awaitFetcher(SHARD).add(batch(0, 6));

        waiting().until(() -> sink.entries.size() == 1);
        waiting().until(() -> processor.processed.contains("1005"));
        assertThat(processor.inputs).containsExactly(sequenceNumbers(0, 6), sequenceNumbers(2, 6),
                sequenceNumbers(3, 6));
        assertThat(sink.entries.get(0).attempts()).isEqualTo(2);
    }

    @Test
    void withoutBisectionTheWholeFailingBatchIsDeadLettered() {
        processor.poison("1002", Integer.MAX_VALUE);
        start(withSink().bisect(false).maxAttempts(2));
        fixture.awaitFetcher(SHARD).add(batch(0, 4));
        fixture.awaitFetcher(SHARD).add(batch(4, 6));

        waiting().until(() -> processor.processed.equals(sequenceNumbers(4, 6)));
        assertThat(sink.sequenceNumbers()).containsExactlyElementsOf(sequenceNumbers(0, 4));
        assertThat(sink.entries).allSatisfy(entry -> assertThat(entry.attempts()).isEqualTo(2));
    }

    @Test
    void aTransientFailureWithinMaxAttemptsLosesNothingAndDeadLettersNothing() {
        processor.poison("1001", 2);
        start(withSink());
        fixture.awaitFetcher(SHARD).add(batch(0, 5));

        waiting().until(() -> processor.processed.size() == 5);
        assertThat(processor.inputs).containsExactly(sequenceNumbers(0, 5), sequenceNumbers(0, 5),
                sequenceNumbers(0, 5));
        assertThat(sink.entries).isEmpty();
    }

    @Test
    void aCheckpointFailureInsideProcessRecordsIsRetriedWithoutCountingAgainstTheRecords() {
        processor.poison("1001", 6);
        processor.failure = () -> new CheckpointException(SHARD, "lease table throttled", true, null);
        start(withSink());
        fixture.awaitFetcher(SHARD).add(batch(0, 3));

        waiting().until(() -> processor.processed.size() == 3);
        assertThat(processor.inputs).hasSize(7).allMatch(input -> input.equals(sequenceNumbers(0, 3)));
        assertThat(sink.entries).isEmpty();
    }

    @Test
    void recordsOlderThanMaxRecordAgeGoToTheSinkUnprocessed() {
        start(withSink().maxRecordAge(Duration.ofHours(1)));
        List<KinesisClientRecord> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Instant arrival = i < 3 ? NOW.minus(Duration.ofHours(2)) : NOW.minus(Duration.ofMinutes(5));
            records.add(KinesisClientRecord.plain("key-" + i, String.valueOf(1000 + i), arrival,
                    ByteBuffer.wrap(("r" + i).getBytes(StandardCharsets.UTF_8))));
        }
        fixture.awaitFetcher(SHARD).add(RecordBatch.of(records, 0, "1005"));

        waiting().until(() -> processor.processed.size() == 3);
        assertThat(processor.inputs).containsExactly(sequenceNumbers(3, 6));
        assertThat(sink.sequenceNumbers()).containsExactlyElementsOf(sequenceNumbers(0, 3));
        assertThat(sink.entries).allSatisfy(entry -> {
            assertThat(entry.reason()).isEqualTo(DeadLetterEntry.Reason.MAX_AGE_EXCEEDED);
            assertThat(entry.attempts()).isZero();
            assertThat(entry.errorClass()).isNull();
        });
        assertThat(deadLettered(DeadLetterEntry.Reason.MAX_AGE_EXCEEDED)).isEqualTo(3);
    }

    @Test
    void aFailingSinkIsRetriedAndTheShardWaitsUntilTheEntryIsStored() {
        processor.poison("1001", Integer.MAX_VALUE);
        sink.failures.add(new DeadLetterException("in-memory sink", "throttled", true, null));
        sink.failures.add(new IllegalStateException("sink bug"));
        start(withSink().maxAttempts(1));
        fixture.awaitFetcher(SHARD).add(batch(0, 3));

        waiting().until(() -> processor.processed.size() == 2);
        assertThat(processor.processed).containsExactly("1000", "1002");
        assertThat(sink.sequenceNumbers()).containsExactly("1001");
        assertThat(fixture.registry.get(SchedulerMetrics.DEAD_LETTER_FAILURES).counter().count()).isEqualTo(2);
    }

    @Test
    void aFatalSinkFailureStopsTheShard() {
        processor.poison("1001", Integer.MAX_VALUE);
        sink.failures.add(new DeadLetterException("in-memory sink", "access denied", false, null));
        start(withSink().maxAttempts(1));
        fixture.awaitFetcher(SHARD).add(batch(0, 3));

        waiting().until(() -> gauge(SchedulerMetrics.SHARDS_STOPPED) == 1);
        assertThat(processor.processed).containsExactly("1000");
        assertThat(sink.entries).isEmpty();
    }

    @Test
    void anExplicitStopIgnoresTheSink() {
        processor.poison("1000", Integer.MAX_VALUE);
        start(withSink().maxAttempts(1).onExhausted(FailurePolicy.OnExhausted.STOP_SHARD));
        fixture.awaitFetcher(SHARD).add(batch(0, 2));

        waiting().until(() -> gauge(SchedulerMetrics.SHARDS_STOPPED) == 1);
        assertThat(sink.entries).isEmpty();
        assertThat(processor.processed).isEmpty();
    }

    @Test
    void processorCallbacksAndDeadLetterWritesRunWithWorkerAndShardInTheMdc() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        processor.poison("1001", Integer.MAX_VALUE);
        processor.failure = () -> {
            seen.add("processRecords " + MDC.get("workerId") + " " + MDC.get("shardId"));
            return new IllegalStateException("poisoned");
        };
        DeadLetterSink mdcSink = entry -> {
            seen.add("send " + MDC.get("workerId") + " " + MDC.get("shardId"));
            sink.send(entry);
        };
        start(FailurePolicy.builder().deadLetterSink(mdcSink).maxAttempts(1).retryBackoffBase(Duration.ofMillis(1))
                .retryBackoffMax(Duration.ofMillis(5)));
        fixture.awaitFetcher(SHARD).add(batch(0, 2));

        waiting().until(() -> sink.entries.size() == 1);
        assertThat(seen).isNotEmpty().allSatisfy(line -> assertThat(line).endsWith(" w1 " + SHARD));
        assertThat(seen).anyMatch(line -> line.startsWith("send"));
    }

    /** A successful call checkpoints with checkpoint(): never beyond the last record it was given. */
    private void assertEveryCheckpointWithinItsInput() {
        List<CheckpointResult> results = processor.checkpoints;
        assertThat(results).allSatisfy(result -> assertThat(result.isOk()).isTrue());
        List<String> okInputsLast = new ArrayList<>();
        for (int i = 0; i < processor.inputs.size(); i++) {
            List<String> input = processor.inputs.get(i);
            if (processor.processed.containsAll(input)) {
                okInputsLast.add(input.get(input.size() - 1));
            }
        }
        assertThat(results).extracting(r -> ((CheckpointResult.Ok) r).position().sequenceNumber())
                .containsExactlyElementsOf(okInputsLast);
    }

    private double deadLettered(DeadLetterEntry.Reason reason) {
        return fixture.registry.get(SchedulerMetrics.DEAD_LETTERED)
                .tag(SchedulerMetrics.REASON_TAG, reason.name().toLowerCase(java.util.Locale.ROOT)).counter().count();
    }

    private double gauge(String name) {
        return fixture.registry.get(name).gauge().value();
    }

    private static List<String> sequenceNumbers(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> String.valueOf(1000 + i)).toList();
    }

    private static List<String> without(List<String> all, String removed) {
        return all.stream().filter(s -> !s.equals(removed)).toList();
    }
}
