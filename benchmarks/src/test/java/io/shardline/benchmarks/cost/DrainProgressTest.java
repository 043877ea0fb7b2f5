package io.shardline.benchmarks.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.benchmarks.harness.WorkerLine.Delivery;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrainProgressTest {

    private final DrainProgress progress = new DrainProgress(Map.of(
            "s0", ExtendedSequenceNumber.of("49000000000000000000000000000000000000000000000000000900"),
            "s1", ExtendedSequenceNumber.of("49000000000000000000000000000000000000000000000000000950")));

    @Test
    void aShardIsDrainedOnceItsLastPutRecordWasReported() {
        DrainProgress.Snapshot snapshot = progress.of(List.of(
                batch(100, "s0", "49000000000000000000000000000000000000000000000000000500", 10),
                batch(200, "s0", "49000000000000000000000000000000000000000000000000000900", 10),
                batch(150, "s1", "49000000000000000000000000000000000000000000000000000949", 10)));

        assertThat(snapshot.records()).isEqualTo(30);
        assertThat(snapshot.drainedShards()).isEqualTo(1);
        assertThat(snapshot.drained()).isFalse();
        assertThat(snapshot.lastBatchAt()).hasValue(200);
    }

    @Test
    void comparesSequenceNumbersNumericallyNotAsText() {
        DrainProgress small = new DrainProgress(Map.of("s0", ExtendedSequenceNumber.of("99")));

        assertThat(small.of(List.of(batch(1, "s0", "100", 5))).drained()).isTrue();
        assertThat(small.of(List.of(batch(1, "s0", "98", 5))).drained()).isFalse();
    }

    @Test
    void ignoresLinesThatAreNotBatchLines() {
        Delivery plain = new Delivery(5, "w1", "s0", "49000000000000000000000000000000000000000000000000000900",
                "k1", null);

        DrainProgress.Snapshot snapshot = progress.of(List.of(plain));

        assertThat(snapshot.records()).isZero();
        assertThat(snapshot.drainedShards()).isZero();
        assertThat(snapshot.lastBatchAt()).isEmpty();
    }

    @Test
    void batchLineCarriesItsSizeInThePartitionKeyField() {
        assertThat(BatchLine.size(batch(1, "s0", "1", 42))).hasValue(42);
        assertThat(BatchLine.size(new Delivery(1, "w", "s0", "1", "batch-x", null))).isEmpty();
        assertThat(BatchLine.size(new Delivery(1, "w", "s0", "1", "batch-0", null))).isEmpty();
    }

    private static Delivery batch(long at, String shard, String seq, int size) {
        return new Delivery(at, "w1", shard, seq, BatchLine.key(size), null);
    }
}
