package io.shardline.samples.counting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.samples.TestClock;
import io.shardline.samples.common.DeliveryJournal;
import io.shardline.samples.common.SamplePayload;
import io.shardline.samples.common.ShardActivity;
import io.shardline.testing.kit.ProcessorHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountingProcessorTest {

    private final TestClock clock = new TestClock();
    private final KeyCounts totals = new KeyCounts();
    private final ShardActivity activity = new ShardActivity();
    private final RecordingSink sink = new RecordingSink();

    /** Remembers each flush and the checkpoint the lease table had at that moment. */
    private static final class RecordingSink implements CountSink {
        final List<Map<String, Long>> flushes = new ArrayList<>();
        final List<Optional<ExtendedSequenceNumber>> checkpointAtFlush = new ArrayList<>();
        final Map<String, Long> table = new HashMap<>();
        ProcessorHarness harness;
        boolean failNext;

        @Override
        public void add(String shardId, Map<String, Long> deltas) {
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("table unavailable");
            }
            flushes.add(deltas);
            checkpointAtFlush.add(harness.checkpoint());
            deltas.forEach((k, n) -> table.merge(k, n, Long::sum));
        }
    }

    private ProcessorHarness start(Duration interval, DeliveryJournal journal) {
        ProcessorHarness harness = ProcessorHarness.start(CountingProcessor.factory(
                new CountingProcessor.Wiring(totals, sink, journal, activity, interval, clock)));
        sink.harness = harness;
        return harness;
    }

    @Test
    void countsPerKeyAndExportsBeforeCheckpointingEveryInterval() {
        ProcessorHarness shard = start(Duration.ofSeconds(5), null);
        shard.deliver("user-1", "a", "user-2", "b", "user-1", "c");
        assertThat(sink.flushes).as("nothing exported before the interval").isEmpty();
        assertThat(shard.checkpoint()).isEmpty();

        clock.advance(Duration.ofSeconds(5));
        shard.deliver("user-1", "d");
        assertThat(sink.flushes).containsExactly(Map.of("user-1", 3L, "user-2", 1L));
        assertThat(sink.checkpointAtFlush).as("counts exported before the checkpoint moved").containsExactly(Optional.empty());
        assertThat(shard.checkpoint()).contains(shard.delivered().get(3).extendedSequenceNumber());
        assertThat(totals.count("user-1")).isEqualTo(3);
        assertThat(totals.total()).isEqualTo(4);
        assertThat(activity.status().processed()).isEqualTo(4);
    }

    @Test
    void aBatchRetriedAfterAFailedExportIsNotCountedTwice() {
        ProcessorHarness shard = start(Duration.ofMillis(1), null);
        clock.advance(Duration.ofSeconds(1));
        sink.failNext = true;
        assertThatThrownBy(() -> shard.deliver("user-1", "a", "user-2", "b")).hasMessageContaining("unavailable");
        assertThat(shard.checkpoint()).as("no checkpoint without the export").isEmpty();

        shard.deliver(shard.delivered()); // the consumer retries the same batch
        assertThat(sink.table).isEqualTo(Map.of("user-1", 1L, "user-2", 1L));
        assertThat(totals.total()).isEqualTo(2);
        assertThat(shard.checkpoint()).contains(shard.delivered().get(1).extendedSequenceNumber());
    }

    @Test
    void handoffExportsAndCheckpointsWhatWasCounted() {
        ProcessorHarness shard = start(Duration.ofHours(1), null);
        shard.deliver("user-1", "a", "user-3", "b").requestShutdown();
        assertThat(sink.table).isEqualTo(Map.of("user-1", 1L, "user-3", 1L));
        assertThat(shard.checkpoint()).contains(shard.delivered().get(1).extendedSequenceNumber());
        assertThat(activity.status().shards()).isEmpty();
    }

    @Test
    void shardEndExportsAndCheckpointsShardEnd() {
        ProcessorHarness shard = start(Duration.ofHours(1), null);
        shard.deliver("user-1", "a").endShard();
        assertThat(sink.table).isEqualTo(Map.of("user-1", 1L));
        assertThat(shard.checkpoint()).contains(ExtendedSequenceNumber.shardEnd());
    }

    @Test
    void aLostLeaseExportsNothingSoTheNextOwnerCountsThoseRecords() {
        ProcessorHarness shard = start(Duration.ofHours(1), null);
        shard.deliver("user-1", "a").loseLease();
        assertThat(sink.flushes).isEmpty();
        assertThat(shard.checkpoint()).isEmpty();
    }

    @Test
    void aZombieStopsCheckpointingOnceTheLeaseWasTakenOver() {
        ProcessorHarness shard = start(Duration.ofMillis(1), null);
        clock.advance(Duration.ofSeconds(1));
        shard.deliver("user-1", "a");
        ExtendedSequenceNumber first = shard.checkpoint().orElseThrow();
        shard.takeLeaseOver();
        clock.advance(Duration.ofSeconds(1));
        shard.deliver("user-1", "b");
        clock.advance(Duration.ofSeconds(1));
        shard.deliver("user-1", "c");
        assertThat(shard.checkpoint()).contains(first);
        assertThat(sink.flushes).as("the zombie exported once more before it learnt, then stopped").hasSize(2);
    }

    @Test
    void journalsEveryRecordWithTheProducersSequenceAndFlushesPerBatch(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("journal");
        DeliveryJournal journal = DeliveryJournal.open(file);
        ProcessorHarness shard = start(Duration.ofHours(1), journal);
        shard.deliver("user-1", new SamplePayload("user-1", 7, 1L, 5).toJson(), "user-2", "not json");
        List<DeliveryJournal.Line> lines = Files.readAllLines(file).stream()
                .map(l -> DeliveryJournal.Line.parse(l).orElseThrow()).toList();
        assertThat(lines).extracting(DeliveryJournal.Line::key, DeliveryJournal.Line::seq)
                .containsExactly(tuple("user-1", 7L),
                        tuple("user-2", -1L));
        assertThat(lines).allMatch(l -> l.shardId().equals(ProcessorHarness.SHARD_ID));
    }
}
