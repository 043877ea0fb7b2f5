package io.shardline.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.checkpoint.support.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CheckpointStrategyTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    void onlyTheTimeStrategyIsTimeBased() {
        assertThat(CheckpointStrategy.every(java.time.Duration.ofSeconds(5)).tracker(clock).isTimeBased()).isTrue();
        assertThat(CheckpointStrategy.manual().isTimeBased()).isFalse();
        assertThat(CheckpointStrategy.everyRecords(3).isTimeBased()).isFalse();
        assertThat(CheckpointStrategy.afterEachBatch().isTimeBased()).isFalse();
    }

    @Test
    void manualNeverCheckpointsOnItsOwn() {
        CheckpointTracker tracker = CheckpointStrategy.manual().tracker(clock);

        for (int i = 0; i < 1000; i++) {
            assertThat(tracker.recordProcessed()).isFalse();
        }
        clock.advance(Duration.ofDays(1));
        assertThat(tracker.batchEnded()).isFalse();
    }

    @Test
    void everyRecordsCheckpointsAtTheNthRecordAndCountsAgainAfterACheckpoint() {
        CheckpointTracker tracker = CheckpointStrategy.everyRecords(3).tracker(clock);

        assertThat(tracker.recordProcessed()).isFalse();
        assertThat(tracker.recordProcessed()).isFalse();
        assertThat(tracker.recordProcessed()).isTrue();
        tracker.checkpointed();

        assertThat(tracker.recordsSinceLastCheckpoint()).isZero();
        assertThat(tracker.recordProcessed()).isFalse();
        assertThat(tracker.batchEnded()).isFalse();
    }

    @Test
    void everyIntervalCheckpointsOnceTheIntervalPassedSinceTheLastCheckpoint() {
        CheckpointTracker tracker = CheckpointStrategy.every(Duration.ofSeconds(10)).tracker(clock);

        assertThat(tracker.recordProcessed()).isFalse();
        clock.advance(Duration.ofMillis(9_999));
        assertThat(tracker.recordProcessed()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(tracker.recordProcessed()).isTrue();
        tracker.checkpointed();

        assertThat(tracker.lastCheckpointTime()).isEqualTo(clock.instant());
        clock.advance(Duration.ofSeconds(5));
        assertThat(tracker.recordProcessed()).isFalse();
    }

    @Test
    void everyIntervalDoesNotCheckpointWithoutNewRecords() {
        CheckpointTracker tracker = CheckpointStrategy.every(Duration.ofSeconds(10)).tracker(clock);
        clock.advance(Duration.ofMinutes(5));

        assertThat(tracker.batchEnded()).isFalse();

        tracker.recordProcessed();
        assertThat(tracker.batchEnded()).isTrue();
    }

    @Test
    void afterEachBatchCheckpointsAtTheEndOfABatchThatHadRecords() {
        CheckpointTracker tracker = CheckpointStrategy.afterEachBatch().tracker(clock);

        assertThat(tracker.batchEnded()).as("empty batch").isFalse();
        assertThat(tracker.recordProcessed()).isFalse();
        assertThat(tracker.recordProcessed()).isFalse();
        assertThat(tracker.batchEnded()).isTrue();
        tracker.checkpointed();
        assertThat(tracker.batchEnded()).isFalse();
    }

    @Test
    void rejectsNonPositiveParametersNamingTheValue() {
        assertThatThrownBy(() -> CheckpointStrategy.everyRecords(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("records must be >= 1, was 0");
        assertThatThrownBy(() -> CheckpointStrategy.every(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval must be positive, was PT0S");
        assertThatThrownBy(() -> CheckpointStrategy.every(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
