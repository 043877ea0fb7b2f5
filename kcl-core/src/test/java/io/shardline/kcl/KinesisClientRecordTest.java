package io.shardline.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KinesisClientRecordTest {

    @Test
    void dataIsADefensiveReadOnlyView() {
        byte[] bytes = {1, 2, 3};
        KinesisClientRecord record = KinesisClientRecord.plain("k", "42", Instant.EPOCH, ByteBuffer.wrap(bytes));

        ByteBuffer view = record.data();
        view.get();
        assertThatThrownBy(() -> view.put(0, (byte) 9)).isInstanceOf(ReadOnlyBufferException.class);
        assertThat(record.data().remaining()).isEqualTo(3);
        assertThat(record.dataAsBytes()).containsExactly(1, 2, 3);
    }

    @Test
    void extendedSequenceNumberCarriesTheSubSequenceNumber() {
        KinesisClientRecord record = new KinesisClientRecord("k", "42", 3, null, Instant.EPOCH,
                ByteBuffer.allocate(0), true);

        assertThat(record.extendedSequenceNumber()).isEqualTo(ExtendedSequenceNumber.of("42", 3));
    }

    @Test
    void recordsWithTheSameContentAreEqual() {
        KinesisClientRecord a = KinesisClientRecord.plain("k", "1", Instant.EPOCH, ByteBuffer.wrap(new byte[] {7}));
        KinesisClientRecord b = KinesisClientRecord.plain("k", "1", Instant.EPOCH, ByteBuffer.wrap(new byte[] {7}));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }
}
