package io.shardline.samples.windowing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TumblingWindowsTest {

    private final TumblingWindows windows = new TumblingWindows(Duration.ofSeconds(10), Duration.ofSeconds(2));

    @Test
    void aggregatesPerKeyAndWindowAndClosesWhenTheWatermarkPassesTheEnd() {
        windows.add("a", 1_000, 5);
        windows.add("a", 9_000, 1);
        windows.add("b", 3_000, 7);
        windows.add("a", 11_000, 4); // watermark 9 s: [0, 10 s) still open
        assertThat(windows.pending()).isEmpty();
        assertThat(windows.openWindows()).isEqualTo(3);

        windows.add("b", 12_000, 3); // watermark 10 s: [0, 10 s) closes for both keys
        assertThat(windows.pending()).containsExactly(
                new ClosedWindow("a", 0, 10_000, new WindowAggregate(2, 6, 1, 5)),
                new ClosedWindow("b", 0, 10_000, new WindowAggregate(1, 7, 7, 7)));
        assertThat(windows.openWindows()).isEqualTo(2);
    }

    @Test
    void aRecordForAClosedWindowIsLateAndDropped() {
        windows.add("a", 1_000, 5);
        windows.add("a", 12_000, 1);
        assertThat(windows.add("a", 9_999, 100)).isFalse();
        assertThat(windows.lateRecords()).isEqualTo(1);
        assertThat(windows.add("a", 10_500, 2)).as("within the lateness of an open window").isTrue();
        assertThat(windows.pending()).containsExactly(new ClosedWindow("a", 0, 10_000, new WindowAggregate(1, 5, 5, 5)));
    }

    @Test
    void markWrittenForgetsPendingAndCloseAllFlushesEverything() {
        windows.add("a", 1_000, 5);
        windows.add("a", 25_000, 1);
        assertThat(windows.pending()).hasSize(1);
        windows.markWritten();
        assertThat(windows.pending()).isEmpty();
        windows.closeAll();
        assertThat(windows.pending()).containsExactly(new ClosedWindow("a", 20_000, 30_000,
                new WindowAggregate(1, 1, 1, 1)));
        assertThat(windows.openWindows()).isZero();
    }

    @Test
    void negativeEventTimesFallIntoTheWindowBelowZero() {
        windows.add("a", -1, 3);
        windows.closeAll();
        assertThat(windows.pending().get(0).start()).isEqualTo(-10_000);
    }

    @Test
    void snapshotRestoresOpenWindowsPendingResultsWatermarkAndLateCount() {
        windows.add("user 1", 1_000, 5.5);
        windows.add("b", 14_000, 2);
        windows.add("a", 3_000, 1); // late: dropped
        windows.add("a", 13_000, -4);
        TumblingWindows restored = TumblingWindows.restore(Duration.ofSeconds(10), Duration.ofSeconds(2),
                windows.snapshot());

        assertThat(restored.pending()).isEqualTo(windows.pending());
        assertThat(restored.openWindows()).isEqualTo(windows.openWindows());
        assertThat(restored.watermark()).isEqualTo(windows.watermark());
        assertThat(restored.lateRecords()).isEqualTo(1);
        restored.closeAll();
        windows.closeAll();
        assertThat(restored.pending()).isEqualTo(windows.pending());
        assertThat(restored.snapshot()).isEqualTo(windows.snapshot());
    }

    @Test
    void restoringWithoutStateGivesEmptyWindowsAndAnotherSizeIsRefused() {
        assertThat(TumblingWindows.restore(Duration.ofSeconds(10), Duration.ZERO, null).openWindows()).isZero();
        byte[] state = windows.snapshot();
        assertThatThrownBy(() -> TumblingWindows.restore(Duration.ofSeconds(5), Duration.ZERO, state))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("new --application");
        assertThatThrownBy(() -> TumblingWindows.restore(Duration.ofSeconds(10), Duration.ZERO, new byte[] {9}))
                .hasMessageContaining("format");
    }

    @Test
    void stateStaysSmall() {
        for (int key = 0; key < 500; key++) {
            windows.add("user-" + key, 1_000, key);
        }
        assertThat(windows.snapshot().length).as("~50 bytes per open window").isLessThan(500 * 60);
    }
}
