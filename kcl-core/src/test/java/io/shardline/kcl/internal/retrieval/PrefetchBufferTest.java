package io.shardline.kcl.internal.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.retrieval.FatalRetrievalException;
import io.shardline.kcl.retrieval.RecordBatch;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrefetchBufferTest {

    private final AtomicInteger resumes = new AtomicInteger();
    private final AtomicInteger signals = new AtomicInteger();

    @Test
    void pausesWhenFullAndResumesExactlyOnceWhenAPollMakesRoom() {
        PrefetchBuffer buffer = buffer(4, 1_000);
        buffer.add(batch(3));
        assertThat(buffer.pauseIfFull()).isFalse();
        buffer.add(batch(2));

        assertThat(buffer.pauseIfFull()).isTrue();
        assertThat(buffer.recordRoom()).isZero();
        buffer.poll();
        buffer.poll();

        assertThat(resumes).hasValue(1);
        assertThat(buffer.bufferedRecords()).isZero();
    }

    @Test
    void doesNotResumeALoopThatDidNotPause() {
        PrefetchBuffer buffer = buffer(4, 1_000);
        buffer.add(batch(5));
        buffer.poll();

        assertThat(resumes).hasValue(0);
    }

    @Test
    void countsBytesToo() {
        PrefetchBuffer buffer = buffer(100, 10);
        buffer.add(batch(3)); // 4 bytes each

        assertThat(buffer.bufferedBytes()).isEqualTo(12);
        assertThat(buffer.pauseIfFull()).isTrue();
    }

    @Test
    void keepsAnEmptyBatchOnlyWhenNothingElseIsWaiting() {
        PrefetchBuffer buffer = buffer(100, 1_000);
        buffer.add(batch(0));
        buffer.add(batch(0));
        buffer.add(batch(1));
        buffer.add(batch(0));

        assertThat(buffer.bufferedBatches()).isEqualTo(2);
        assertThat(signals).hasValue(2);
    }

    @Test
    void acceptsNothingAfterATerminalBatchOrClose() {
        PrefetchBuffer buffer = buffer(100, 1_000);
        buffer.add(batch(1));
        assertThat(buffer.add(RecordBatch.failed(new FatalRetrievalException("GetRecords", "s", "shard", "X", "x",
                null)))).isTrue();

        assertThat(buffer.add(batch(1))).isFalse();
        assertThat(buffer.isFinished()).isTrue();
        List<RecordBatch> polled = new ArrayList<>();
        for (RecordBatch b = buffer.poll(); b != null; b = buffer.poll()) {
            polled.add(b);
        }
        assertThat(polled).hasSize(2);
        assertThat(polled.get(1).isFailed()).isTrue();

        PrefetchBuffer closed = buffer(100, 1_000);
        closed.add(batch(1));
        closed.close();
        assertThat(closed.poll()).isNull();
        assertThat(closed.add(batch(1))).isFalse();
    }

    private PrefetchBuffer buffer(int maxRecords, long maxBytes) {
        PrefetchBuffer buffer = new PrefetchBuffer(maxRecords, maxBytes, resumes::incrementAndGet);
        buffer.onDataAvailable(signals::incrementAndGet);
        return buffer;
    }

    private static RecordBatch batch(int records) {
        List<KinesisClientRecord> list = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            list.add(KinesisClientRecord.plain("k", String.valueOf(i + 1), Instant.EPOCH,
                    ByteBuffer.wrap(new byte[4])));
        }
        return RecordBatch.of(list, 0, records == 0 ? null : String.valueOf(records));
    }
}
