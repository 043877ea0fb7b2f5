package io.shardline.kcl.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.kcl.KinesisClientRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterEntryTest {

    private static final Instant ARRIVED = Instant.parse("2024-05-01T11:59:58.123Z");
    private static final Instant FAILED = Instant.parse("2024-05-01T12:00:00Z");

    private static DeadLetterEntry entry(byte[] payload, String message) {
        KinesisClientRecord record = new KinesisClientRecord("key \"7\"", "4960", 3, "1234", ARRIVED,
                ByteBuffer.wrap(payload), true);
        return DeadLetterEntry.of("orders-app", "orders", "shardId-000000000001", record, FAILED,
                DeadLetterEntry.Reason.PROCESSING_FAILED, new IllegalStateException(message), 7, "worker-1");
    }

    @Test
    void keepsTheWholeRecordAndItsContext() {
        DeadLetterEntry e = entry("payload".getBytes(StandardCharsets.UTF_8), "boom");

        assertThat(e.recordKey()).isEqualTo("orders/shardId-000000000001/4960/3");
        assertThat(e.partitionKey()).isEqualTo("key \"7\"");
        assertThat(e.explicitHashKey()).isEqualTo("1234");
        assertThat(e.dataAsBytes()).isEqualTo("payload".getBytes(StandardCharsets.UTF_8));
        assertThat(e.errorClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(e.errorMessage()).isEqualTo("boom");
        assertThat(e.attempts()).isEqualTo(7);
        assertThat(e.arrivedAt()).isEqualTo(ARRIVED);
        assertThat(e.failedAt()).isEqualTo(FAILED);
    }

    @Test
    void jsonRoundTripsEveryFieldIncludingBinaryPayloadsAndAwkwardText() {
        byte[] binary = {0, (byte) 0xF3, (byte) 0x89, 10, 34, 92, 127, (byte) 0xFF};
        DeadLetterEntry e = entry(binary, "line 1\nline \"2\"\t\\ \u0001 é");

        assertThat(DeadLetterEntry.fromJson(e.toJson())).isEqualTo(e);
    }

    @Test
    void jsonKeepsNulls() {
        KinesisClientRecord record = KinesisClientRecord.plain("k", "1", ARRIVED, ByteBuffer.wrap(new byte[0]));
        DeadLetterEntry e = DeadLetterEntry.of("a", "s", "shard", record, FAILED,
                DeadLetterEntry.Reason.MAX_AGE_EXCEEDED, null, 0, "w");

        assertThat(e.toJson()).contains("\"errorClass\":null", "\"explicitHashKey\":null");
        assertThat(DeadLetterEntry.fromJson(e.toJson())).isEqualTo(e);
    }

    @Test
    void toStringNeverShowsThePayload() {
        DeadLetterEntry e = entry("secret-card-number".getBytes(StandardCharsets.UTF_8), "boom");

        assertThat(e.toString()).doesNotContain("secret").contains("18 bytes", "4960/3");
    }

    @Test
    void rejectsTextThatIsNoEntry() {
        assertThatThrownBy(() -> DeadLetterEntry.fromJson("{\"stream\":\"s\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a dead-letter entry");
        assertThatThrownBy(() -> DeadLetterEntry.fromJson("[1]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEntryOwnsACopyOfThePayload() {
        byte[] payload = {1, 2, 3};
        DeadLetterEntry e = entry(payload, "x");
        payload[0] = 9;

        assertThat(e.dataAsBytes()).containsExactly(1, 2, 3);
    }
}
