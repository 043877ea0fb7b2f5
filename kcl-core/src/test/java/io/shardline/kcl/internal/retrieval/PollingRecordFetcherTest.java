package io.shardline.kcl.internal.retrieval;

import static io.shardline.kcl.internal.retrieval.FetcherFixture.drain;
import static io.shardline.kcl.internal.retrieval.FetcherFixture.expectedTexts;
import static io.shardline.kcl.internal.retrieval.FetcherFixture.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.aws.IteratorPosition;
import io.shardline.kcl.internal.testkit.FakeKinesisProxy;
import io.shardline.kcl.internal.testkit.FakeKinesisProxy.Operation;
import io.shardline.kcl.retrieval.ChildShard;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.RetryableRetrievalException;
import io.shardline.lease.HashKeyRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollingRecordFetcherTest {

    private static final Duration IDLE = Duration.ofSeconds(1);

    private final FetcherFixture fixture = new FetcherFixture(RetrievalConfig.polling()
            .maxRecordsPerCall(4)
            .idleInterval(IDLE)
            .build());

    @Test
    void readsEveryRecordInOrderFromTrimHorizon() {
        fixture.putRecords(10);
        PollingRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());

        fixture.scheduler.runDue();

        List<RecordBatch> batches = drain(fetcher);
        assertThat(texts(batches)).isEqualTo(expectedTexts(0, 10));
        assertThat(batches.get(0).continuationSequenceNumber()).isEqualTo(fixture.shard.sequenceNumberAt(3));
        assertThat(fixture.dataSignals.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void pollsAgainAtOnceWhileBehindAndBacksOffToTheIdleIntervalOverThreeEmptyAnswers() {
        fixture.putRecords(10);
        PollingRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());

        fixture.scheduler.runDue();

        // 4 + 4 + 2 records, then two empty calls: no wait between them (the budget alone spaces them).
        assertThat(fixture.kinesis.calls(Operation.GET_RECORDS)).isEqualTo(5);
        assertThat(fixture.scheduler.scheduledDelays()).containsExactly(IDLE.dividedBy(2));

        fixture.scheduler.advance(IDLE.dividedBy(2));
        assertThat(fixture.kinesis.calls(Operation.GET_RECORDS)).isEqualTo(6);
        assertThat(fixture.scheduler.nextTaskDelay()).isEqualTo(IDLE);
        fixture.scheduler.advance(IDLE);
        assertThat(fixture.kinesis.calls(Operation.GET_RECORDS)).isEqualTo(7);
        assertThat(fixture.scheduler.nextTaskDelay()).isEqualTo(IDLE);

        fixture.scheduler.advance(IDLE.minusMillis(1));
        assertThat(fixture.kinesis.calls(Operation.GET_RECORDS)).isEqualTo(7);
        fixture.putRecords(2);
        fixture.scheduler.advance(Duration.ofMillis(1));
        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(0, 12));
        // Records again, so the empty answers after them start over: two calls at once, then half the idle interval.
        assertThat(fixture.kinesis.calls(Operation.GET_RECORDS)).isEqualTo(10);
        assertThat(fixture.scheduler.nextTaskDelay()).isEqualTo(IDLE.dividedBy(2));
    }

    @Test
    void aRecordPutJustAfterAnEmptyAnswerWaitsOnlyForTheCallBudget() {
        fixture.putRecords(1);
        Duration spacing = Duration.ofMillis(333);
        PollingRecordFetcher fetcher = fixture.polling(spacedBy(spacing));
        fetcher.start(StartingPosition.trimHorizon(), fixture.dataSignals::incrementAndGet);
        fixture.scheduler.advance(spacing);
        assertThat(texts(drain(fetcher))).containsExactly("record-0");
        assertThat(fixture.kinesis.calls(Operation.GET_RECORDS)).isEqualTo(2); // the second one found nothing

        fixture.putRecords(1);
        fixture.scheduler.advance(spacing);

        assertThat(texts(drain(fetcher))).containsExactly("record-1");
    }

    @Test
    void waitsForTheShardsCallBudgetBeforeEachCall() {
        fixture.putRecords(8);
        Duration budgetWait = Duration.ofMillis(500);
        PollingRecordFetcher fetcher = fixture.polling(() -> budgetWait);
        fetcher.start(StartingPosition.trimHorizon(), fixture.dataSignals::incrementAndGet);

        fixture.scheduler.runDue();
        assertThat(fixture.kinesis.calls(Operation.GET_RECORDS)).isZero();

        fixture.scheduler.advance(budgetWait);
        assertThat(fixture.kinesis.calls(Operation.GET_RECORDS)).isEqualTo(1);
        fixture.scheduler.advance(budgetWait);
        assertThat(fixture.kinesis.calls(Operation.GET_RECORDS)).isEqualTo(2);
        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(0, 8));
    }

    @Test
    void backsOffExponentiallyWhileThrottledThenDeliversEveryRecordOnce() {
        fixture.putRecords(6);
        fixture.kinesis.failNext(Operation.GET_RECORDS, 3, FakeKinesisProxy::throttled);
        PollingRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());

        fixture.scheduler.runDue();
        assertThat(fixture.scheduler.nextTaskDelay()).isEqualTo(Duration.ofMillis(100));
        fixture.scheduler.advance(Duration.ofMillis(100));
        assertThat(fixture.scheduler.nextTaskDelay()).isEqualTo(Duration.ofMillis(200));
        fixture.scheduler.advance(Duration.ofMillis(200));
        assertThat(fixture.scheduler.nextTaskDelay()).isEqualTo(Duration.ofMillis(400));
        fixture.scheduler.advance(Duration.ofMillis(400));

        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(0, 6));
        assertThat(fixture.counter("shardline.fetch.throttles")).isEqualTo(3);
        assertThat(fixture.counter("shardline.fetch.retries")).isEqualTo(3);
        assertThat(fixture.scheduler.scheduledDelays()).startsWith(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400));
    }

    @Test
    void tellsTheCallBudgetOfEveryThrottledGetRecordsButNotOfOtherThrottles() {
        fixture.putRecords(2);
        fixture.kinesis.failNext(Operation.GET_SHARD_ITERATOR, 1, FakeKinesisProxy::throttled);
        fixture.kinesis.failNext(Operation.GET_RECORDS, 2, FakeKinesisProxy::throttled);
        AtomicInteger throttles = new AtomicInteger();
        PollingRecordFetcher fetcher = fixture.polling(new CallBudget() {
            @Override
            public Duration reserve() {
                return Duration.ZERO;
            }

            @Override
            public void throttled() {
                throttles.incrementAndGet();
            }
        });
        fetcher.start(StartingPosition.trimHorizon(), fixture.dataSignals::incrementAndGet);

        fixture.scheduler.advance(Duration.ofSeconds(1));

        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(0, 2));
        assertThat(throttles).hasValue(2);
    }

    @Test
    void pollsABusyShardAtTheDefaultRateAndAtHalfOfItAfterAThrottle() {
        FetcherFixture busy = new FetcherFixture(RetrievalConfig.polling().maxRecordsPerCall(1).build());
        busy.putRecords(100);
        PollingRecordFetcher fetcher = busy.polling(
                CallBudget.throttleAdaptive(RetrievalConfig.defaults().callsPerSecondPerShard(),
                        busy.scheduler::nanoTime));
        fetcher.start(StartingPosition.trimHorizon(), () -> { });
        busy.scheduler.runDue();

        busy.scheduler.advance(Duration.ofSeconds(6));
        // A call at 0 s and one every 1/3 s after it.
        assertThat(busy.kinesis.calls(Operation.GET_RECORDS)).isBetween(18, 19);

        busy.kinesis.failNext(Operation.GET_RECORDS, 1, FakeKinesisProxy::throttled);
        busy.scheduler.advance(Duration.ofSeconds(2));
        int afterThrottle = busy.kinesis.calls(Operation.GET_RECORDS);
        busy.scheduler.advance(Duration.ofSeconds(6));

        // 1.5 calls/s until the first step back up, 30 s after the throttle.
        assertThat(busy.kinesis.calls(Operation.GET_RECORDS) - afterThrottle).isBetween(8, 10);
        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(0, busy.kinesis.calls(Operation.GET_RECORDS) - 1));
    }

    @Test
    void asksForHalfAsManyRecordsAfterEachUnansweredGetRecordsAndDoublesBackOnAnswers() {
        fixture.putRecords(12);
        fixture.kinesis.failNext(Operation.GET_RECORDS, 2, () -> new RetryableRetrievalException(
                RetryableRetrievalException.Cause.IO, "GetRecords", "stream", null, "ApiCallTimeoutException",
                "Client execution did not complete before the specified timeout", null));
        PollingRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());

        fixture.scheduler.advance(Duration.ofSeconds(5));

        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(0, 12));
        // the limits of the calls answered (the two unanswered ones asked for 4, then 2)
        assertThat(fixture.kinesis.getRecordsLimits()).startsWith(1, 2, 4, 4);
    }

    @Test
    void aThrottledGetRecordsKeepsItsRecordLimit() {
        fixture.putRecords(6);
        fixture.kinesis.failNext(Operation.GET_RECORDS, 2, FakeKinesisProxy::throttled);
        PollingRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());

        fixture.scheduler.advance(Duration.ofSeconds(5));

        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(0, 6));
        assertThat(fixture.kinesis.getRecordsLimits()).startsWith(4, 4);
    }

    @Test
    void backoffStartsOverAfterASuccessfulCall() {
        fixture.putRecords(2);
        fixture.kinesis.failNext(Operation.GET_RECORDS, 2, FakeKinesisProxy::throttled);
        PollingRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());
        fixture.scheduler.advance(Duration.ofMillis(300));
        assertThat(texts(drain(fetcher))).hasSize(2);

        fixture.kinesis.failNext(Operation.GET_RECORDS, 1, FakeKinesisProxy::throttled);
        fixture.scheduler.clearScheduledDelays();
        fixture.scheduler.advance(IDLE.dividedBy(2));

        assertThat(fixture.scheduler.nextTaskDelay()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void takesANewIteratorAfterTheLastFetchedRecordWhenTheIteratorExpires() {
        fixture.putRecords(6);
        PollingRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());
        fixture.scheduler.runDue();
        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(0, 6));

        fixture.kinesis.expireIssuedIterators();
        fixture.putRecords(3);
        fixture.scheduler.advance(IDLE);

        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(6, 9));
        assertThat(fixture.kinesis.iteratorPositions()).containsExactly(IteratorPosition.trimHorizon(),
                IteratorPosition.afterSequenceNumber(fixture.shard.sequenceNumberAt(5)));
        assertThat(fixture.counter("shardline.fetch.iterator.expired")).isEqualTo(1);
    }

    @Test
    void takesTheOriginalStartAgainWhenTheIteratorExpiresBeforeAnyRecord() {
        fixture.kinesis.failNext(Operation.GET_RECORDS, 1, FakeKinesisProxy::expired);
        PollingRecordFetcher fetcher = startedAt(StartingPosition.latest());
        fixture.scheduler.runDue();

        assertThat(fixture.kinesis.iteratorPositions()).containsExactly(IteratorPosition.latest(),
                IteratorPosition.latest());
        assertThat(drain(fetcher)).allSatisfy(batch -> assertThat(batch.records()).isEmpty());
    }

    @Test
    void repeatedExpiryBacksOff() {
        fixture.kinesis.failNext(Operation.GET_RECORDS, 3, FakeKinesisProxy::expired);
        startedAt(StartingPosition.trimHorizon());

        fixture.scheduler.runDue();

        assertThat(fixture.kinesis.calls(Operation.GET_RECORDS)).isEqualTo(2);
        assertThat(fixture.scheduler.nextTaskDelay()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void stopsFetchingWhenThePrefetchBufferIsFullAndResumesWhenPolled() {
        FetcherFixture small = new FetcherFixture(RetrievalConfig.polling()
                .maxRecordsPerCall(10).maxPrefetchRecords(5).idleInterval(IDLE).build());
        small.putRecords(20);
        PollingRecordFetcher fetcher = small.polling(CallBudget.unlimited());
        fetcher.start(StartingPosition.trimHorizon(), small.dataSignals::incrementAndGet);

        small.scheduler.runDue();
        small.scheduler.advance(Duration.ofMinutes(1));

        assertThat(small.kinesis.calls(Operation.GET_RECORDS)).isEqualTo(1);
        assertThat(small.kinesis.getRecordsLimits()).containsExactly(5);
        assertThat(fetcher.bufferedRecords()).isEqualTo(5);
        assertThat(small.scheduler.pendingTasks()).isZero();

        List<String> received = new ArrayList<>(texts(List.of(fetcher.poll())));
        small.scheduler.runDue();
        assertThat(small.kinesis.calls(Operation.GET_RECORDS)).isEqualTo(2);

        while (received.size() < 20) {
            small.scheduler.runDue();
            RecordBatch batch = fetcher.poll();
            assertThat(batch).as("a batch after %s records", received.size()).isNotNull();
            received.addAll(texts(List.of(batch)));
            assertThat(fetcher.bufferedRecords()).isLessThanOrEqualTo(5);
        }
        assertThat(received).isEqualTo(expectedTexts(0, 20));
    }

    @Test
    void stopsFetchingWhenPrefetchBytesAreFull() {
        FetcherFixture small = new FetcherFixture(RetrievalConfig.polling()
                .maxRecordsPerCall(2).maxPrefetchBytes(10).idleInterval(IDLE).build());
        small.putRecords(10); // "record-N": 8 bytes each
        PollingRecordFetcher fetcher = small.polling(CallBudget.unlimited());
        fetcher.start(StartingPosition.trimHorizon(), () -> { });

        small.scheduler.advance(Duration.ofMinutes(1));

        assertThat(small.kinesis.calls(Operation.GET_RECORDS)).isEqualTo(1);
        fetcher.poll();
        small.scheduler.runDue();
        assertThat(small.kinesis.calls(Operation.GET_RECORDS)).isEqualTo(2);
    }

    @Test
    void endsWithChildShardsWhenTheShardIsClosed() {
        fixture.putRecords(5);
        ChildShard child = new ChildShard("shardId-000000000002", List.of(FetcherFixture.SHARD_ID),
                HashKeyRange.of("0", "100"));
        fixture.shard.close(List.of(child));
        PollingRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());

        fixture.scheduler.advance(Duration.ofMinutes(1));

        List<RecordBatch> batches = drain(fetcher);
        assertThat(texts(batches)).isEqualTo(expectedTexts(0, 5));
        RecordBatch last = batches.get(batches.size() - 1);
        assertThat(last.shardEnded()).isTrue();
        assertThat(last.childShards()).containsExactly(child);
        assertThat(last.continuationSequenceNumber()).isEqualTo(fixture.shard.sequenceNumberAt(4));
        assertThat(fixture.kinesis.calls(Operation.GET_RECORDS)).isEqualTo(2);
        assertThat(fixture.scheduler.pendingTasks()).isZero();
        assertThat(fetcher.poll()).isNull();
    }

    @Test
    void reportsAFatalErrorAsAFailedBatchAfterTheBatchesFetchedBeforeIt() {
        fixture.putRecords(4);
        PollingRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());
        fixture.scheduler.runDue();
        fixture.kinesis.failNext(Operation.GET_RECORDS, 1, FakeKinesisProxy::accessDenied);

        fixture.scheduler.advance(IDLE);

        List<RecordBatch> batches = drain(fetcher);
        assertThat(texts(batches)).isEqualTo(expectedTexts(0, 4));
        RecordBatch last = batches.get(batches.size() - 1);
        assertThat(last.isFailed()).isTrue();
        assertThat(last.failure().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(fixture.scheduler.pendingTasks()).isZero();
        assertThat(fixture.counter("shardline.fetch.failures")).isEqualTo(1);
    }

    @Test
    void retriesAThrottledGetShardIterator() {
        fixture.putRecords(1);
        fixture.kinesis.failNext(Operation.GET_SHARD_ITERATOR, 1, FakeKinesisProxy::throttled);
        PollingRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());

        fixture.scheduler.advance(Duration.ofMillis(100));

        assertThat(texts(drain(fetcher))).containsExactly("record-0");
    }

    @Test
    void resumesAfterACheckpointedSubSequenceNumberOfAnAggregate() {
        fixture.putRecords(1);
        String aggregateSequence = fixture.shard.put("agg", new io.shardline.kcl.kpl.KplAggregator()
                .add("a", "sub-0").add("b", "sub-1").add("c", "sub-2").add("d", "sub-3").toBytes(),
                java.time.Instant.EPOCH);
        fixture.shard.put("z", "after");
        PollingRecordFetcher fetcher = startedAt(StartingPosition.afterSequenceNumber(
                ExtendedSequenceNumber.of(aggregateSequence, 1)));

        fixture.scheduler.runDue();

        assertThat(texts(drain(fetcher))).containsExactly("sub-2", "sub-3", "after");
        assertThat(fixture.kinesis.iteratorPositions())
                .containsExactly(IteratorPosition.atSequenceNumber(aggregateSequence));
    }

    @Test
    void closeStopsTheLoopAndDropsTheBuffer() {
        fixture.putRecords(3);
        PollingRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());
        fixture.scheduler.runDue();

        fetcher.close();
        fixture.putRecords(3);
        fixture.scheduler.advance(Duration.ofMinutes(1));

        assertThat(fetcher.poll()).isNull();
        assertThat(fixture.scheduler.pendingTasks()).isZero();
        assertThatThrownBy(() -> fetcher.start(StartingPosition.latest(), () -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    /** A budget that spaces calls {@code spacing} apart, starting now (virtual time of the fixture). */
    private CallBudget spacedBy(Duration spacing) {
        return new CallBudget() {
            private long nextNanos = fixture.scheduler.nanoTime();

            @Override
            public Duration reserve() {
                long now = fixture.scheduler.nanoTime();
                long slot = Math.max(now, nextNanos);
                nextNanos = slot + spacing.toNanos();
                return Duration.ofNanos(slot - now);
            }
        };
    }

    private PollingRecordFetcher startedAt(StartingPosition position) {
        PollingRecordFetcher fetcher = fixture.polling(CallBudget.unlimited());
        fetcher.start(position, fixture.dataSignals::incrementAndGet);
        return fetcher;
    }
}
