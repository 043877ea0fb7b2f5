package io.shardline.kcl.internal.retrieval;

import static io.shardline.kcl.internal.retrieval.FetcherFixture.drain;
import static io.shardline.kcl.internal.retrieval.FetcherFixture.expectedTexts;
import static io.shardline.kcl.internal.retrieval.FetcherFixture.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.aws.IteratorPosition;
import io.shardline.kcl.internal.testkit.FakeKinesisProxy;
import io.shardline.kcl.internal.testkit.FakeKinesisProxy.FakeSubscription;
import io.shardline.kcl.internal.testkit.FakeKinesisProxy.Operation;
import io.shardline.kcl.retrieval.ChildShard;
import io.shardline.kcl.retrieval.FatalRetrievalException;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.HashKeyRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutRecordFetcherTest {

    private final FetcherFixture fixture = new FetcherFixture(RetrievalConfig.fanOut()
            .subscriptionRenewalInterval(Duration.ofMinutes(5))
            .build());

    @Test
    void registersTheConsumerWaitsUntilActiveThenDeliversEveryRecord() {
        fixture.putRecords(7);
        fixture.kinesis.consumerActivationDescribes(2);
        FanOutRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());

        fixture.scheduler.runDue();
        assertThat(fixture.kinesis.calls(Operation.REGISTER_STREAM_CONSUMER)).isEqualTo(1);
        assertThat(fixture.kinesis.calls(Operation.SUBSCRIBE_TO_SHARD)).isZero();
        fixture.scheduler.advance(FanOutConsumers.ACTIVATION_POLL_INTERVAL.multipliedBy(3));

        assertThat(fixture.kinesis.calls(Operation.SUBSCRIBE_TO_SHARD)).isEqualTo(1);
        List<RecordBatch> batches = drain(fetcher);
        assertThat(texts(batches)).isEqualTo(expectedTexts(0, 7));
        assertThat(batches.get(0).continuationSequenceNumber()).isEqualTo(fixture.shard.sequenceNumberAt(2));
    }

    @Test
    void usesAnExistingConsumerWithoutRegistering() {
        fixture.kinesis.registerStreamConsumer(FakeKinesisProxy.STREAM_ARN, "app");
        fixture.kinesis.consumerActivationDescribes(0);
        fixture.putRecords(1);
        FanOutRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());

        fixture.scheduler.advance(Duration.ofSeconds(1));

        assertThat(fixture.kinesis.calls(Operation.REGISTER_STREAM_CONSUMER)).isEqualTo(1); // the setup's own call
        assertThat(texts(drain(fetcher))).containsExactly("record-0");
    }

    @Test
    void requestsEventsOnlyWhileThePrefetchBufferHasRoom() {
        FetcherFixture small = new FetcherFixture(RetrievalConfig.fanOut().maxPrefetchRecords(4).build());
        small.kinesis.eventMaxRecords(2);
        small.putRecords(12);
        FanOutRecordFetcher fetcher = small.fanOut(small.consumers());
        fetcher.start(StartingPosition.trimHorizon(), () -> { });

        small.scheduler.advance(Duration.ofSeconds(2));

        FakeSubscription subscription = small.kinesis.lastSubscription();
        assertThat(subscription.eventsDelivered()).isEqualTo(2);
        assertThat(subscription.requested()).isEqualTo(2);

        List<String> received = new ArrayList<>();
        while (received.size() < 12) {
            RecordBatch batch = fetcher.poll();
            assertThat(batch).isNotNull();
            received.addAll(texts(List.of(batch)));
            small.scheduler.runDue();
            assertThat(subscription.requested() - subscription.eventsDelivered()).isLessThanOrEqualTo(1);
        }
        assertThat(received).isEqualTo(expectedTexts(0, 12));
    }

    @Test
    void subscribesAgainFromTheLastContinuationWhenKinesisEndsTheSubscription() {
        fixture.putRecords(4);
        FanOutRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());
        fixture.scheduler.advance(Duration.ofSeconds(1));
        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(0, 4));

        fixture.kinesis.lastSubscription().complete();
        fixture.putRecords(2);
        fixture.scheduler.runDue();

        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(4, 6));
        assertThat(fixture.kinesis.subscriptionPositions()).containsExactly(IteratorPosition.trimHorizon(),
                IteratorPosition.afterSequenceNumber(fixture.shard.sequenceNumberAt(3)));
    }

    @Test
    void backsOffAndSubscribesAgainAfterARetryableError() {
        fixture.putRecords(3);
        FanOutRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());
        fixture.scheduler.advance(Duration.ofSeconds(1));
        drain(fetcher);

        fixture.kinesis.failNext(Operation.SUBSCRIBE_TO_SHARD, 1, FakeKinesisProxy::resourceInUse);
        fixture.kinesis.lastSubscription().fail(FakeKinesisProxy.throttled());
        fixture.scheduler.runDue();
        assertThat(fixture.scheduler.nextTaskDelay()).isEqualTo(Duration.ofMillis(100));
        fixture.scheduler.advance(Duration.ofMillis(100));
        assertThat(fixture.scheduler.nextTaskDelay()).isEqualTo(Duration.ofMillis(200));
        fixture.putRecords(2);
        fixture.scheduler.advance(Duration.ofMillis(200));

        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(3, 5));
        assertThat(fixture.counter("shardline.fetch.retries")).isEqualTo(2);
    }

    @Test
    void renewsTheSubscriptionAfterTheRenewalInterval() {
        FetcherFixture renewing = new FetcherFixture(RetrievalConfig.fanOut()
                .subscriptionRenewalInterval(Duration.ofSeconds(30)).build());
        renewing.putRecords(2);
        FanOutRecordFetcher fetcher = renewing.fanOut(renewing.consumers());
        fetcher.start(StartingPosition.trimHorizon(), () -> { });
        renewing.scheduler.advance(Duration.ofSeconds(1));
        FakeSubscription first = renewing.kinesis.lastSubscription();

        renewing.scheduler.advance(Duration.ofSeconds(30));
        renewing.putRecords(2);
        renewing.scheduler.runDue();

        assertThat(first.isCancelled()).isTrue();
        assertThat(renewing.kinesis.calls(Operation.SUBSCRIBE_TO_SHARD)).isEqualTo(2);
        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(0, 4));
    }

    @Test
    void replacesASubscriptionThatDeliversNoRequestedEventForTheStallTimeout() {
        fixture.putRecords(3);
        fixture.kinesis.stallNextSubscription();
        FanOutRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());
        fixture.scheduler.advance(Duration.ofSeconds(1)); // consumer resolved, subscribed, one event requested
        FakeSubscription stalled = fixture.kinesis.lastSubscription();
        assertThat(stalled.requested()).isEqualTo(1);
        fixture.scheduler.advance(Duration.ofSeconds(28));
        assertThat(fetcher.poll()).isNull();
        assertThat(fixture.kinesis.calls(Operation.SUBSCRIBE_TO_SHARD)).isEqualTo(1);

        fixture.scheduler.advance(Duration.ofSeconds(2));

        assertThat(stalled.isCancelled()).isTrue();
        assertThat(fixture.kinesis.calls(Operation.SUBSCRIBE_TO_SHARD)).isEqualTo(2);
        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(0, 3));
        assertThat(fixture.counter("shardline.fetch.subscriptions.stalled")).isEqualTo(1);
    }

    @Test
    void replacesASubscribeCallThatNeverOpens() {
        fixture.putRecords(2);
        fixture.kinesis.hangNextSubscribe();
        FanOutRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());
        fixture.scheduler.advance(Duration.ofSeconds(1));
        assertThat(fixture.kinesis.calls(Operation.SUBSCRIBE_TO_SHARD)).isEqualTo(1);
        fixture.scheduler.advance(Duration.ofSeconds(28));
        assertThat(fetcher.poll()).isNull();
        assertThat(fixture.kinesis.calls(Operation.SUBSCRIBE_TO_SHARD)).isEqualTo(1);

        fixture.scheduler.advance(Duration.ofSeconds(2));

        assertThat(fixture.kinesis.calls(Operation.SUBSCRIBE_TO_SHARD)).isEqualTo(2);
        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(0, 2));
    }

    @Test
    void keepsASubscriptionThatAnswersEveryRequestEvenWithoutRecords() {
        fixture.putRecords(1);
        FanOutRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());
        fixture.scheduler.advance(Duration.ofSeconds(1));
        drain(fetcher);
        FakeSubscription subscription = fixture.kinesis.lastSubscription();

        for (int i = 0; i < 24; i++) { // two minutes of an idle shard, an empty event every 5 s
            fixture.scheduler.advance(Duration.ofSeconds(5));
            subscription.emitIdleEvent();
            fixture.scheduler.runDue();
        }

        assertThat(subscription.isCancelled()).isFalse();
        assertThat(fixture.kinesis.calls(Operation.SUBSCRIBE_TO_SHARD)).isEqualTo(1);
        assertThat(fixture.counter("shardline.fetch.subscriptions.stalled")).isZero();
    }

    @Test
    void keepsASubscriptionPausedByBackPressure() {
        FetcherFixture small = new FetcherFixture(RetrievalConfig.fanOut().maxPrefetchRecords(4).build());
        small.kinesis.eventMaxRecords(2);
        small.putRecords(12);
        FanOutRecordFetcher fetcher = small.fanOut(small.consumers());
        fetcher.start(StartingPosition.trimHorizon(), () -> { });

        small.scheduler.advance(Duration.ofMinutes(2)); // nothing polled: the buffer stays full, nothing is owed

        FakeSubscription subscription = small.kinesis.lastSubscription();
        assertThat(subscription.isCancelled()).isFalse();
        assertThat(small.kinesis.calls(Operation.SUBSCRIBE_TO_SHARD)).isEqualTo(1);
        assertThat(fetcher.poll()).isNotNull();
    }

    @Test
    void ignoresSignalsOfAReplacedSubscription() {
        fixture.putRecords(2);
        FanOutRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());
        fixture.scheduler.advance(Duration.ofSeconds(1));
        FakeSubscription first = fixture.kinesis.lastSubscription();
        first.complete();
        fixture.scheduler.runDue();

        first.fail(FakeKinesisProxy.accessDenied()); // late signal of the old subscription
        fixture.putRecords(1);
        fixture.scheduler.runDue();

        List<RecordBatch> batches = drain(fetcher);
        assertThat(batches).noneMatch(RecordBatch::isFailed);
        assertThat(texts(batches)).isEqualTo(expectedTexts(0, 3));
    }

    @Test
    void endsWithChildShardsFromTheLastEvent() {
        fixture.putRecords(2);
        ChildShard child = new ChildShard("shardId-000000000001", List.of(FetcherFixture.SHARD_ID),
                HashKeyRange.of("0", "10"));
        fixture.shard.close(List.of(child));
        FanOutRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());

        fixture.scheduler.advance(Duration.ofSeconds(1));

        List<RecordBatch> batches = drain(fetcher);
        assertThat(texts(batches)).isEqualTo(expectedTexts(0, 2));
        assertThat(batches.get(batches.size() - 1).shardEnded()).isTrue();
        assertThat(batches.get(batches.size() - 1).childShards()).containsExactly(child);
        assertThat(fixture.kinesis.lastSubscription().isCancelled()).isTrue();
    }

    @Test
    void findsAnUnreportedShardEndWithAProbeAfterTheSubscriptionIdledForTheProbeInterval() {
        FetcherFixture probing = new FetcherFixture(RetrievalConfig.fanOut()
                .shardEndProbeInterval(Duration.ofSeconds(10)).build());
        probing.kinesis.subscriptionsReportShardEnd(false);
        probing.putRecords(2);
        ChildShard child = new ChildShard("shardId-000000000001", List.of(FetcherFixture.SHARD_ID),
                HashKeyRange.of("0", "10"));
        probing.shard.close(List.of(child));
        FanOutRecordFetcher fetcher = probing.fanOut(probing.consumers());
        fetcher.start(StartingPosition.trimHorizon(), () -> { });
        probing.scheduler.advance(Duration.ofSeconds(1));
        FakeSubscription subscription = probing.kinesis.lastSubscription();

        for (int second = 0; second < 10; second++) {
            subscription.emitIdleEvent();
            probing.scheduler.advance(Duration.ofSeconds(1));
            assertThat(probing.kinesis.calls(Operation.GET_RECORDS)).isZero();
        }
        subscription.emitIdleEvent();
        probing.scheduler.runDue();

        List<RecordBatch> batches = drain(fetcher);
        assertThat(texts(batches)).isEqualTo(expectedTexts(0, 2));
        RecordBatch last = batches.get(batches.size() - 1);
        assertThat(last.shardEnded()).isTrue();
        assertThat(last.childShards()).containsExactly(child);
        assertThat(probing.kinesis.iteratorPositions())
                .containsExactly(IteratorPosition.afterSequenceNumber(probing.shard.sequenceNumberAt(1)));
        assertThat(subscription.isCancelled()).isTrue();
    }

    @Test
    void aProbeOfAnOpenShardChangesNothingAndWaitsAnotherInterval() {
        FetcherFixture probing = new FetcherFixture(RetrievalConfig.fanOut()
                .shardEndProbeInterval(Duration.ofSeconds(10)).build());
        probing.putRecords(1);
        FanOutRecordFetcher fetcher = probing.fanOut(probing.consumers());
        fetcher.start(StartingPosition.trimHorizon(), () -> { });
        probing.scheduler.advance(Duration.ofSeconds(1));
        FakeSubscription subscription = probing.kinesis.lastSubscription();

        for (int second = 0; second < 25; second++) {
            subscription.emitIdleEvent();
            probing.scheduler.advance(Duration.ofSeconds(1));
        }
        probing.putRecords(1);
        probing.scheduler.runDue();

        assertThat(probing.kinesis.calls(Operation.GET_RECORDS)).isEqualTo(2);
        assertThat(texts(drain(fetcher))).isEqualTo(expectedTexts(0, 2));
        assertThat(subscription.isCancelled()).isFalse();
    }

    @Test
    void reportsAFatalSubscriptionErrorAsAFailedBatch() {
        fixture.putRecords(1);
        FanOutRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());
        fixture.scheduler.advance(Duration.ofSeconds(1));

        fixture.kinesis.lastSubscription().fail(FakeKinesisProxy.accessDenied());
        fixture.scheduler.advance(Duration.ofMinutes(10));

        List<RecordBatch> batches = drain(fetcher);
        assertThat(batches.get(batches.size() - 1).failure()).isInstanceOf(FatalRetrievalException.class);
        assertThat(fixture.kinesis.calls(Operation.SUBSCRIBE_TO_SHARD)).isEqualTo(1);
    }

    @Test
    void resumesAfterASubSequenceNumberInsideAnAggregate() {
        String aggregate = fixture.shard.put("agg", new io.shardline.kcl.kpl.KplAggregator()
                .add("a", "sub-0").add("b", "sub-1").add("c", "sub-2").toBytes(), java.time.Instant.EPOCH);
        FanOutRecordFetcher fetcher = startedAt(StartingPosition.afterSequenceNumber(
                ExtendedSequenceNumber.of(aggregate, 0)));

        fixture.scheduler.advance(Duration.ofSeconds(1));

        assertThat(texts(drain(fetcher))).containsExactly("sub-1", "sub-2");
        assertThat(fixture.kinesis.subscriptionPositions())
                .containsExactly(IteratorPosition.atSequenceNumber(aggregate));
    }

    @Test
    void closeCancelsTheSubscription() {
        fixture.putRecords(1);
        FanOutRecordFetcher fetcher = startedAt(StartingPosition.trimHorizon());
        fixture.scheduler.advance(Duration.ofSeconds(1));

        fetcher.close();
        fixture.scheduler.runDue();

        assertThat(fixture.kinesis.lastSubscription().isCancelled()).isTrue();
        assertThat(fetcher.poll()).isNull();
    }

    private FanOutRecordFetcher startedAt(StartingPosition position) {
        FanOutRecordFetcher fetcher = fixture.fanOut(fixture.consumers());
        fetcher.start(position, fixture.dataSignals::incrementAndGet);
        return fetcher;
    }
}
