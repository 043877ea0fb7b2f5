package io.shardline.kcl.internal.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.testkit.FakeKinesisProxy;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.kcl.retrieval.RecordFetcher;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.StreamShard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real executor: 500 shards read by 2 fetch threads, with a slow consumer holding some shards back. */
class ManyShardsOnFewThreadsTest {

    private static final int SHARDS = 500;
    private static final int RECORDS_PER_SHARD = 40;

    private final FakeKinesisProxy kinesis = new FakeKinesisProxy();
    private final ExecutorFetchScheduler scheduler = new ExecutorFetchScheduler(2);
    private final RetrievalConfig config = RetrievalConfig.polling().maxRecordsPerCall(10).maxPrefetchRecords(20)
            .idleInterval(Duration.ofMillis(50)).build();
    private final FetchEnvironment env = new FetchEnvironment(kinesis, scheduler, config,
            FetchEnvironment.exponentialRandomBackoff(config), new SimpleMeterRegistry());

    @AfterEach
    void shutdown() {
        scheduler.shutdown();
    }

    @Test
    void readsEveryShardCompletelyOnTwoThreadsAndBoundsTheSlowOnes() {
        List<PollingRecordFetcher> fetchers = new ArrayList<>();
        Set<String> fetchThreads = ConcurrentHashMap.newKeySet();
        AtomicInteger signals = new AtomicInteger();
        for (int s = 0; s < SHARDS; s++) {
            String shardId = "shardId-" + s;
            for (int r = 0; r < RECORDS_PER_SHARD; r++) {
                kinesis.shard(shardId).put("k", shardId + "-" + r);
            }
            PollingRecordFetcher fetcher = new PollingRecordFetcher(new StreamShard("stream", shardId, null), env,
                    CallBudget.unlimited(), new FetchMeters(env.registry(), "stream"));
            fetchers.add(fetcher);
            fetcher.start(StartingPosition.trimHorizon(), () -> {
                fetchThreads.add(Thread.currentThread().getName());
                signals.incrementAndGet();
            });
        }
        int[] received = new int[SHARDS];

        // Consume every shard except the first ten ("slow" processors that never poll).
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            boolean done = true;
            for (int s = 10; s < SHARDS; s++) {
                received[s] += drainCount(fetchers.get(s));
                done &= received[s] == RECORDS_PER_SHARD;
            }
            return done;
        });

        assertThat(fetchThreads).allMatch(name -> name.startsWith("shardline-fetch-")).hasSizeLessThanOrEqualTo(2);
        for (int s = 0; s < 10; s++) {
            assertThat(fetchers.get(s).bufferedRecords()).as("shard %s", s).isEqualTo(20);
        }
        fetchers.forEach(RecordFetcher::close);
    }

    private static int drainCount(RecordFetcher fetcher) {
        int count = 0;
        for (RecordBatch batch = fetcher.poll(); batch != null; batch = fetcher.poll()) {
            count += batch.records().size();
        }
        return count;
    }
}
