package io.shardline.samples.windowing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.samples.TestClock;
import io.shardline.samples.common.SamplePayload;
import io.shardline.testing.kit.ProcessorHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once windows across failover, with real fenced checkpoints (the test kit's harness) and an idempotent
 * in-memory results table that can fail on demand. A "crash" is a new processor resumed from the committed
 * checkpoint and state, fed the records after that checkpoint, as the next owner would be.
 */
class WindowedAggregationProcessorTest {

    private final TestClock clock = new TestClock();
    private final Results results = new Results();

    /** Keyed by window and shard, insert-if-absent like the DynamoDB table; counts repeats and conflicts. */
    private static final class Results implements WindowResults {
        final Map<String, ClosedWindow> rows = new HashMap<>();
        final List<String> writes = new ArrayList<>();
        int repeats;
        int conflicts;
        boolean failNext;

        @Override
        public void write(String shardId, List<ClosedWindow> windows) {
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("results table unavailable");
            }
            for (ClosedWindow w : windows) {
                ClosedWindow before = rows.putIfAbsent(w.windowId() + "/" + shardId, w);
                writes.add(w.windowId());
                if (before != null && before.equals(w)) {
                    repeats++;
                } else if (before != null) {
                    conflicts++;
                }
            }
        }
    }

    private WindowedAggregationProcessor.Settings settings(Duration checkpointInterval) {
        return new WindowedAggregationProcessor.Settings(Duration.ofSeconds(1), Duration.ZERO, "value", "ts", results,
                checkpointInterval, clock, new AtomicLong());
    }

    private ProcessorHarness start() {
        return ProcessorHarness.start(WindowedAggregationProcessor.factory(settings(Duration.ofHours(1))));
    }

    private ProcessorHarness resumeFrom(ProcessorHarness crashed) {
        return ProcessorHarness.resume(WindowedAggregationProcessor.factory(settings(Duration.ofHours(1))),
                crashed.checkpoint().orElseThrow(), crashed.state());
    }

    /** Records of key "a" at the given event times (ms), each with value 1, 2, 3, ... in order. */
    private static String[] records(long... times) {
        String[] keysAndData = new String[times.length * 2];
        for (int i = 0; i < times.length; i++) {
            keysAndData[2 * i] = "a";
            keysAndData[2 * i + 1] = new SamplePayload("a", i, times[i], i + 1).toJson();
        }
        return keysAndData;
    }

    private Map<String, WindowAggregate> byWindow() {
        Map<String, WindowAggregate> merged = new HashMap<>();
        results.rows.values().forEach(w -> merged.merge(w.windowId(), w.aggregate(), WindowAggregate::merge));
        return merged;
    }

    @Test
    void checkpointsTheOpenWindowsWithThePositionWhenAWindowCloses() {
        ProcessorHarness shard = start();
        shard.deliver(records(100, 500));
        assertThat(shard.checkpoint()).as("no window closed, interval not reached").isEmpty();

        shard.deliver(records(1_200));
        assertThat(shard.checkpoint()).contains(shard.delivered().get(2).extendedSequenceNumber());
        TumblingWindows committed = TumblingWindows.restore(Duration.ofSeconds(1), Duration.ZERO, shard.state());
        assertThat(committed.openWindows()).as("[1 s, 2 s) is open in the committed state").isEqualTo(1);
        assertThat(committed.pending()).as("[0, 1 s) is in the committed outbox").hasSize(1);
        assertThat(byWindow()).isEqualTo(Map.of("a|0", new WindowAggregate(2, 3, 1, 2)));
    }

    @Test
    void aCrashBetweenCheckpointAndWriteLosesNoWindowAndCountsNothingTwice() {
        ProcessorHarness crashed = start();
        crashed.deliver(records(100, 500));
        results.failNext = true;
        assertThatThrownBy(() -> crashed.deliver(records(1_200))).hasMessageContaining("unavailable");
        assertThat(results.rows).as("the write failed after the checkpoint").isEmpty();

        ProcessorHarness next = resumeFrom(crashed); // initialize writes the committed outbox
        assertThat(byWindow()).isEqualTo(Map.of("a|0", new WindowAggregate(2, 3, 1, 2)));
        next.deliver(records(2_100));
        assertThat(byWindow()).containsEntry("a|1000", new WindowAggregate(1, 1, 1, 1)).hasSize(2);
        assertThat(results.conflicts).isZero();
    }

    @Test
    void recordsProcessedAfterTheLastCheckpointAreReplayedIntoTheRestoredWindowsOnlyOnce() {
        ProcessorHarness crashed = start();
        crashed.deliver(records(100, 1_200)); // closes [0, 1 s): checkpoint with [1 s, 2 s) = {1200}
        ExtendedSequenceNumber committed = crashed.checkpoint().orElseThrow();
        crashed.deliver(records(1_300, 1_500)); // processed, not checkpointed: the worker dies here

        ProcessorHarness next = resumeFrom(crashed);
        assertThat(next.checkpoint()).contains(committed);
        next.deliver(records(1_300, 1_500)); // the next owner gets them again
        next.deliver(records(2_000));
        assertThat(byWindow()).containsEntry("a|1000", new WindowAggregate(3, 2 + 1 + 2, 1, 2));
        assertThat(results.repeats).as("the outbox of the restored state was written again, identically")
                .isEqualTo(1);
        assertThat(results.conflicts).isZero();
    }

    @Test
    void aHandoffCommitsTheOpenWindowsSoTheNextOwnerContinuesThem() {
        ProcessorHarness first = start();
        first.deliver(records(100, 200)).requestShutdown();
        ProcessorHarness next = resumeFrom(first);
        next.deliver(records(300, 1_100));
        assertThat(byWindow()).isEqualTo(Map.of("a|0", new WindowAggregate(3, 1 + 2 + 1, 1, 2)));
    }

    @Test
    void shardEndFlushesEveryOpenWindowBeforeShardEnd() {
        ProcessorHarness shard = start();
        shard.deliver(records(100, 1_100)).endShard();
        assertThat(byWindow()).isEqualTo(Map.of("a|0", new WindowAggregate(1, 1, 1, 1),
                "a|1000", new WindowAggregate(1, 2, 2, 2)));
        assertThat(shard.checkpoint()).contains(ExtendedSequenceNumber.shardEnd());
    }

    @Test
    void checkpointsOpenWindowsEveryIntervalAndSkipsRecordsWithoutTheField() {
        AtomicLong unparsable = new AtomicLong();
        ProcessorHarness shard = ProcessorHarness.start(WindowedAggregationProcessor.factory(
                new WindowedAggregationProcessor.Settings(Duration.ofSeconds(1), Duration.ZERO, "value", "ts", results,
                        Duration.ofSeconds(5), clock, unparsable)));
        shard.deliver("a", "{\"ts\":100}", "a", "plain text");
        clock.advance(Duration.ofSeconds(5));
        shard.deliver(records(100));
        assertThat(unparsable).hasValue(2);
        assertThat(shard.checkpoint()).contains(shard.delivered().get(2).extendedSequenceNumber());
        assertThat(TumblingWindows.restore(Duration.ofSeconds(1), Duration.ZERO, shard.state()).openWindows())
                .isEqualTo(1);
    }
}
