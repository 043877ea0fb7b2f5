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
    void dataOfAWritableBufferIsAReadOnlyViewDetachedFromTheCallersPositionAndLimit() {
        ByteBuffer callers = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        KinesisClientRecord record = KinesisClientRecord.plain("k", "42", Instant.EPOCH, callers);

        callers.position(2).limit(3);

        assertThat(record.data().isReadOnly()).isTrue();
        assertThat(record.data().position()).isZero();
        assertThat(record.dataAsBytes()).containsExactly(1, 2, 3, 4);
        assertThat(record.dataSize()).isEqualTo(4);
    }

    @Test
    void dataStartsAtTheGivenBuffersPosition() {
        ByteBuffer writable = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        writable.position(1);
        ByteBuffer readOnly = ByteBuffer.wrap(new byte[] {5, 6, 7}).asReadOnlyBuffer();
        readOnly.position(2);

        KinesisClientRecord fromWritable = KinesisClientRecord.plain("k", "1", Instant.EPOCH, writable);
        KinesisClientRecord fromReadOnly = KinesisClientRecord.plain("k", "2", Instant.EPOCH, readOnly);
        readOnly.position(0);

        assertThat(fromWritable.dataAsBytes()).containsExactly(2, 3, 4);
        assertThat(fromWritable.data().position()).isZero();
        assertThat(fromReadOnly.dataAsBytes()).containsExactly(7);
        assertThat(fromReadOnly.data().isReadOnly()).isTrue();
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

    @Test
    void theCallersLaterPositionOrLimitChangesNeitherEqualityNorSize() {
        ByteBuffer callers = ByteBuffer.wrap(new byte[] {1, 2, 3});
        KinesisClientRecord kept = KinesisClientRecord.plain("k", "1", Instant.EPOCH, callers);
        KinesisClientRecord other = KinesisClientRecord.plain("k", "1", Instant.EPOCH,
                ByteBuffer.wrap(new byte[] {1, 2, 3}));

        callers.position(1).limit(2);

        assertThat(kept).isEqualTo(other).hasSameHashCodeAs(other);
        assertThat(kept.dataSize()).isEqualTo(3);
        assertThat(kept.data().remaining()).isEqualTo(3);
        assertThat(kept).hasToString(other.toString()).asString().contains("3 bytes");
    }
}
