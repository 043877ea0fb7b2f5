package io.shardline.kcl.internal.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.deadletter.DeadLetterEntry;
import io.shardline.kcl.deadletter.DeadLetterException;
import io.shardline.kcl.retrieval.StreamShard;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutsideRangeDeadLettersTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final StreamShard SHARD = new StreamShard("orders", "shardId-000000000001", null);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<DeadLetterEntry> stored = new ArrayList<>();

    @Test
    void storesEachDroppedRecordWithItsPlaceAndReason() {
        OutsideRangeDeadLetters deadLetters = new OutsideRangeDeadLetters(stored::add, "app", "w1",
                Clock.fixed(NOW, ZoneOffset.UTC), registry);

        deadLetters.dropped(SHARD, List.of(record(1, "one"), record(3, "three")));

        assertThat(stored).extracting(DeadLetterEntry::recordKey)
                .containsExactly("orders/shardId-000000000001/500/1", "orders/shardId-000000000001/500/3");
        assertThat(stored).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo(DeadLetterEntry.Reason.OUTSIDE_SHARD_HASH_RANGE);
            assertThat(e.attempts()).isZero();
            assertThat(e.failedAt()).isEqualTo(NOW);
            assertThat(e.workerId()).isEqualTo("w1");
            assertThat(e.application()).isEqualTo("app");
        });
        assertThat(new String(stored.get(1).dataAsBytes(), StandardCharsets.UTF_8)).isEqualTo("three");
        assertThat(registry.counter("shardline.records.dead.lettered", "application", "app", "worker", "w1",
                "reason", "outside_shard_hash_range").count()).isEqualTo(2);
    }

    @Test
    void aSinkFailureIsCountedAndTheNextRecordIsStillSent() {
        OutsideRangeDeadLetters deadLetters = new OutsideRangeDeadLetters(entry -> {
            if (entry.subSequenceNumber() == 1) {
                throw new DeadLetterException("test-sink", "sink down", false, null);
            }
            stored.add(entry);
        }, "app", "w1", Clock.fixed(NOW, ZoneOffset.UTC), registry);

        deadLetters.dropped(SHARD, List.of(record(1, "one"), record(3, "three")));

        assertThat(stored).extracting(DeadLetterEntry::subSequenceNumber).containsExactly(3L);
        assertThat(registry.counter("shardline.kpl.dead-letter-failed").count()).isEqualTo(1);
    }

    private static KinesisClientRecord record(long sub, String text) {
        return new KinesisClientRecord("k" + sub, "500", sub, null, NOW.minusSeconds(5),
                ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true, true);
    }
}
