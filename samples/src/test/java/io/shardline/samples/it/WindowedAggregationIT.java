package io.shardline.samples.it;

import static io.shardline.samples.it.SampleIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.kcl.StartingPosition;
import io.shardline.samples.common.SamplePayload;
import io.shardline.samples.common.Tables;
import io.shardline.samples.windowing.DynamoDbWindowResults;
import io.shardline.samples.windowing.WindowAggregate;
import io.shardline.samples.windowing.WindowedAggregationProcessor;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.TestRecord;
import io.shardline.testing.WithLocalAws;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The windowed aggregation app on the emulators: a worker crashes ({@code close()}: no handoff, no final checkpoint)
 * part-way, another takes over from the checkpointed open windows, and the results table ends up with every window
 * exactly once: no record counted twice, none missing, also for windows that were open across the crash.
 */
@WithLocalAws
class WindowedAggregationIT {

    private static final int KEYS = 20;
    private static final long BASE = 1_700_000_000_000L;
    private static final Duration WINDOW = Duration.ofSeconds(1);

    private final LocalAws aws;

    WindowedAggregationIT(LocalAws aws) {
        this.aws = aws;
    }

    /** Record {@code i}: key {@code k<i % 20>}, event time BASE + 10 ms x i (5 records per key and window). */
    private static SamplePayload payload(int i) {
        return new SamplePayload("k" + (i % KEYS), i / KEYS, BASE + 10L * i, i % 7 + 1);
    }

    private static List<TestRecord> records(int from, int to) {
        return IntStream.range(from, to).mapToObj(WindowedAggregationIT::payload)
                .map(p -> TestRecord.of(p.key(), p.toJson())).toList();
    }

    @Test
    void everyWindowIsWrittenExactlyOnceAcrossACrashAndATakeover(TestNames names) {
        String stream = names.stream();
        String app = names.application();
        String table = names.table();
        aws.streams().create(stream, 2);
        Tables.ensure(aws.dynamoDbAsync(), table, DynamoDbWindowResults.WINDOW, DynamoDbWindowResults.SHARD);
        DynamoDbWindowResults results = new DynamoDbWindowResults(aws.dynamoDbAsync(), table, w -> { });
        aws.streams().putRecords(stream, records(0, 300));

        Map<String, byte[]> restoredState = new ConcurrentHashMap<>();
        Scheduler a = Scheduler.create(SampleIt.config(aws, app, stream, "a", StartingPosition.trimHorizon(),
                processors(results, Map.of())).build());
        a.start();
        waiting("a wrote windows of both shards").until(() -> rows(table).size() >= 2 * KEYS);
        a.close(); // crash

        aws.streams().putRecords(stream, records(300, 600));
        // One record per key far ahead in event time closes every window before it.
        aws.streams().putRecords(stream, IntStream.range(0, KEYS).mapToObj(k -> new SamplePayload("k" + k, 999,
                BASE + 3_600_000, 1)).map(p -> TestRecord.of(p.key(), p.toJson())).toList());
        Scheduler b = Scheduler.create(SampleIt.config(aws, app, stream, "b", StartingPosition.trimHorizon(),
                processors(results, restoredState)).build());
        try {
            b.start();
            Map<String, WindowAggregate> expected = expected();
            waiting("every window written").until(() -> merged(rows(table)).keySet().containsAll(expected.keySet()));
            assertThat(merged(rows(table))).isEqualTo(expected);
            assertThat(results.conflicts()).isZero();
            assertThat(restoredState).as("b started from the open windows a had checkpointed").isNotEmpty();
        } finally {
            b.close();
        }
    }

    private ShardRecordProcessorFactory processors(DynamoDbWindowResults results, Map<String, byte[]> restored) {
        ShardRecordProcessorFactory windows = WindowedAggregationProcessor.factory(
                new WindowedAggregationProcessor.Settings(WINDOW, Duration.ZERO, "value", "ts", results,
                        Duration.ofHours(1), InstantSource.system(), new AtomicLong()));
        return shardId -> new RecordingState(windows.create(shardId), restored);
    }

    /** Passes everything on; remembers the state each shard was initialized with. */
    private record RecordingState(ShardRecordProcessor delegate, Map<String, byte[]> restored)
            implements ShardRecordProcessor {

        @Override
        public void initialize(InitializationInput input) {
            if (input.state() != null) {
                restored.put(input.shardId(), input.state());
            }
            delegate.initialize(input);
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            delegate.processRecords(input);
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
            delegate.leaseLost(input);
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            delegate.shardEnded(input);
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            delegate.shutdownRequested(input);
        }
    }

    /** Windows of records 0..599 per key (the far-ahead records' windows stay open). */
    private static Map<String, WindowAggregate> expected() {
        Map<String, WindowAggregate> expected = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            SamplePayload p = payload(i);
            long start = Math.floorDiv(p.ts(), WINDOW.toMillis()) * WINDOW.toMillis();
            expected.merge(p.key() + "|" + start, WindowAggregate.EMPTY.add(p.value()), WindowAggregate::merge);
        }
        return expected;
    }

    private List<Map<String, AttributeValue>> rows(String table) {
        return aws.dynamoDb().scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream().toList();
    }

    private static Map<String, WindowAggregate> merged(List<Map<String, AttributeValue>> rows) {
        Map<String, WindowAggregate> merged = new HashMap<>();
        rows.forEach(r -> merged.merge(r.get(DynamoDbWindowResults.WINDOW).s(), DynamoDbWindowResults.aggregate(r),
                WindowAggregate::merge));
        return merged;
    }
}
