package io.shardline.testing.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.kcl.retrieval.RecordFetcher;
import io.shardline.kcl.retrieval.RecordFetcherFactory;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.StreamShard;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.TestRecord;
import io.shardline.testing.WithLocalAws;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Measures, against the emulator: GetRecords latency, how fast one polling fetcher drains a full shard, and how
 * soon a caught-up fetcher delivers a new record. Asserts correctness only (every record, in order); the figures go
 * to the log and to {@code target/retrieval-measurements.txt}.
 */
@WithLocalAws
class PollingThroughputIT {

    private static final Logger log = LoggerFactory.getLogger(PollingThroughputIT.class);
    private static final int RECORDS = 5_000;
    private static final int RECORD_BYTES = 100;

    @Test
    void measuresGetRecordsLatencyDrainRateAndCaughtUpDelay(LocalAws aws, TestNames names) throws Exception {
        String stream = names.stream();
        Shard shard = aws.streams().create(stream, 1).get(0);
        long putStarted = System.nanoTime();
        aws.streams().putRecords(stream, records(RECORDS));
        double putSeconds = (System.nanoTime() - putStarted) / 1e9;
        List<String> report = new ArrayList<>();
        report.add(String.format("PutRecords of %d x %d B records into one shard: %.1f s (%.0f records/s)",
                RECORDS, RECORD_BYTES, putSeconds, RECORDS / putSeconds));

        drain(aws, stream, shard, 1_000); // warm-up: connections, JIT; not reported
        for (int perCall : new int[] {10_000, 1_000, 500}) {
            report.add(drain(aws, stream, shard, perCall));
        }
        report.add(smallCallLatency(aws, stream, shard));
        report.add(caughtUpDelay(aws, stream, shard, Duration.ofSeconds(1), 2));
        report.add(caughtUpDelay(aws, stream, shard, Duration.ofMillis(200), 2));
        report.add(caughtUpDelay(aws, stream, shard, Duration.ofMillis(200), 5));

        report.forEach(line -> log.info("measurement: {}", line));
        Path file = Path.of("target", "retrieval-measurements.txt");
        Files.write(file, report, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** One fetcher from TRIM_HORIZON to the end of a full shard, the test thread polling as fast as it can. */
    private String drain(LocalAws aws, String stream, Shard shard, int perCall) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RetrievalConfig config = RetrievalConfig.polling().maxRecordsPerCall(perCall).callsPerSecondPerShard(5)
                .maxPrefetchRecords(20_000).maxPrefetchBytes(16L * 1024 * 1024).build();
        try (RecordFetcherFactory fetchers = RecordFetcherFactory.create(aws.kinesisAsync(), config, "measure",
                registry)) {
            RecordFetcher fetcher = fetchers.createFetcher(new StreamShard(stream, shard.shardId(), null));
            long started = System.nanoTime();
            fetcher.start(StartingPosition.trimHorizon(), () -> { });
            int[] received = {0};
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5)).until(() -> {
                for (RecordBatch batch = fetcher.poll(); batch != null; batch = fetcher.poll()) {
                    for (var record : batch.records()) {
                        String index = new String(record.dataAsBytes(), 0, 10, StandardCharsets.UTF_8);
                        assertThat(Integer.parseInt(index)).as("record in order").isEqualTo(received[0]);
                        received[0]++;
                    }
                }
                return received[0] >= RECORDS;
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            fetcher.close();
            assertThat(received[0]).isEqualTo(RECORDS);
            Timer latency = registry.find("shardline.fetch.latency").timer();
            return String.format("drain %d records with maxRecordsPerCall %d at 5 calls/s: %.2f s = %.0f records/s;"
                    + " GetRecords: %d calls, mean %.0f ms, max %.0f ms", RECORDS, perCall, seconds,
                    RECORDS / seconds, latency.count(), latency.mean(TimeUnit.MILLISECONDS),
                    latency.max(TimeUnit.MILLISECONDS));
        }
    }

    /** Sequential small GetRecords calls (limit 100) on the full shard with the async client. */
    private static String smallCallLatency(LocalAws aws, String stream, Shard shard) {
        String iterator = aws.kinesis().getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        long[] millis = new long[50];
        for (int i = 0; i < millis.length; i++) {
            String current = iterator;
            long started = System.nanoTime();
            iterator = aws.kinesisAsync().getRecords(b -> b.shardIterator(current).limit(100)).join()
                    .nextShardIterator();
            millis[i] = (System.nanoTime() - started) / 1_000_000;
        }
        Arrays.sort(millis);
        return String.format("GetRecords limit 100 on a %d-record shard, %d sequential calls: p50 %d ms, p90 %d ms,"
                + " max %d ms", RECORDS, millis.length, millis[millis.length / 2], millis[millis.length * 9 / 10],
                millis[millis.length - 1]);
    }

    /**
     * A caught-up fetcher (LATEST): time from a PutRecords returning to the record leaving poll(). Each record is
     * put at a different offset after the previous delivery, so the samples cover the phases of the poll period.
     */
    private static String caughtUpDelay(LocalAws aws, String stream, Shard shard, Duration idle,
            double callsPerSecond) {
        RetrievalConfig config = RetrievalConfig.polling().idleInterval(idle).callsPerSecondPerShard(callsPerSecond)
                .build();
        try (RecordFetcherFactory fetchers = RecordFetcherFactory.create(aws.kinesisAsync(), config, "measure",
                new SimpleMeterRegistry())) {
            RecordFetcher fetcher = fetchers.createFetcher(new StreamShard(stream, shard.shardId(), null));
            fetcher.start(StartingPosition.latest(), () -> { });
            await().atMost(Duration.ofSeconds(30)).until(() -> fetcher.poll() != null); // caught up
            long[] millis = new long[8];
            for (int i = 0; i < millis.length; i++) {
                Duration phase = Duration.ofMillis(137L * i % 1000);
                await().pollDelay(phase).atMost(phase.plusSeconds(1)).until(() -> true); // a pause, not a wait
                aws.streams().putRecords(stream, List.of(TestRecord.of("late", "late-" + i)));
                long put = System.nanoTime();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2)).until(() -> {
                    for (RecordBatch batch = fetcher.poll(); batch != null; batch = fetcher.poll()) {
                        if (!batch.records().isEmpty()) {
                            return true;
                        }
                    }
                    return false;
                });
                millis[i] = (System.nanoTime() - put) / 1_000_000;
            }
            fetcher.close();
            long mean = (long) Arrays.stream(millis).average().orElse(0);
            return String.format("caught-up delivery delay, idleInterval %d ms, %.0f calls/s: mean %d ms,"
                    + " samples %s", idle.toMillis(), callsPerSecond, mean, Arrays.toString(millis));
        }
    }

    private static List<TestRecord> records(int count) {
        String padding = "x".repeat(RECORD_BYTES - 10);
        return IntStream.range(0, count)
                .mapToObj(i -> TestRecord.of("key-" + (i % 64), String.format("%010d", i) + padding))
                .toList();
    }

}
