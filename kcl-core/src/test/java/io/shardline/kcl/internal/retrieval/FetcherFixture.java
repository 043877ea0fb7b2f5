package io.shardline.kcl.internal.retrieval;

import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.internal.testkit.FakeKinesisProxy;
import io.shardline.kcl.internal.testkit.ManualFetchScheduler;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.kcl.retrieval.RecordFetcher;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.StreamShard;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Wiring of a fetcher under test: fake Kinesis, manual scheduler, deterministic backoff, a simple registry. */
final class FetcherFixture {

    static final String SHARD_ID = "shardId-000000000000";
    static final StreamShard SHARD = new StreamShard(FakeKinesisProxy.STREAM, SHARD_ID, null);
    /** Deterministic backoff: 100 ms, 200 ms, 400 ms, ... (jitter is resilience4j's, tested there). */
    static final IntervalFunction DOUBLING_BACKOFF = attempt -> 100L << Math.min(attempt - 1, 10);

    final FakeKinesisProxy kinesis = new FakeKinesisProxy();
    final ManualFetchScheduler scheduler = new ManualFetchScheduler();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AtomicInteger dataSignals = new AtomicInteger();
    final FakeKinesisProxy.FakeShard shard = kinesis.shard(SHARD_ID);
    final RetrievalConfig config;
    final FetchEnvironment env;

    FetcherFixture(RetrievalConfig config) {
        this.config = config;
        this.env = new FetchEnvironment(kinesis, scheduler, config, DOUBLING_BACKOFF, registry);
    }

    PollingRecordFetcher polling(CallBudget budget) {
        return new PollingRecordFetcher(SHARD, env, budget, new FetchMeters(registry, SHARD.stream()));
    }

    FanOutRecordFetcher fanOut(FanOutConsumers consumers) {
        return new FanOutRecordFetcher(SHARD, env, consumers, new FetchMeters(registry, SHARD.stream()));
    }

    FanOutConsumers consumers() {
        return new FanOutConsumers(kinesis, scheduler, "app", null, config.consumerRegistrationTimeout());
    }

    void putRecords(int count) {
        for (int i = 0; i < count; i++) {
            shard.put("key-" + (shard.size() % 7), "record-" + shard.size());
        }
    }

    double counter(String name) {
        return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** Polls every ready batch. */
    static List<RecordBatch> drain(RecordFetcher fetcher) {
        List<RecordBatch> batches = new ArrayList<>();
        for (RecordBatch batch = fetcher.poll(); batch != null; batch = fetcher.poll()) {
            batches.add(batch);
        }
        return batches;
    }

    static List<String> texts(List<RecordBatch> batches) {
        List<String> texts = new ArrayList<>();
        for (RecordBatch batch : batches) {
            for (KinesisClientRecord record : batch.records()) {
                texts.add(new String(record.dataAsBytes(), StandardCharsets.UTF_8));
            }
        }
        return texts;
    }

    static List<String> expectedTexts(int from, int toExclusive) {
        List<String> texts = new ArrayList<>();
        for (int i = from; i < toExclusive; i++) {
            texts.add("record-" + i);
        }
        return texts;
    }
}
