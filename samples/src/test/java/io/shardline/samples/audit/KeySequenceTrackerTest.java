package io.shardline.samples.audit;

import static io.shardline.samples.audit.KeySequenceTracker.Observation.FIRST;
import static io.shardline.samples.audit.KeySequenceTracker.Observation.GAP;
import static io.shardline.samples.audit.KeySequenceTracker.Observation.IN_ORDER;
import static io.shardline.samples.audit.KeySequenceTracker.Observation.LATE;
import static io.shardline.samples.audit.KeySequenceTracker.Observation.REPEAT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeySequenceTrackerTest {

    private final KeySequenceTracker tracker = new KeySequenceTracker();

    @Test
    void startsAtTheFirstNumberSeenAndFollowsEachKey() {
        assertThat(tracker.observe("a", 40)).isEqualTo(FIRST);
        assertThat(tracker.observe("a", 41)).isEqualTo(IN_ORDER);
        assertThat(tracker.observe("b", 0)).isEqualTo(FIRST);
        assertThat(tracker.observe("a", 42)).isEqualTo(IN_ORDER);
        assertThat(tracker.summary()).isEqualTo(new KeySequenceTracker.Summary(4, 2, 4, 0, 0, 0));
    }

    @Test
    void tellsReplaysFromGapsAndLateFirstDeliveries() {
        tracker.observe("a", 0);
        tracker.observe("a", 1);
        assertThat(tracker.observe("a", 1)).as("after a failover").isEqualTo(REPEAT);
        assertThat(tracker.observe("a", 4)).isEqualTo(GAP);
        assertThat(tracker.summary().missing()).isEqualTo(2);
        assertThat(tracker.observe("a", 3)).isEqualTo(LATE);
        assertThat(tracker.observe("a", 3)).isEqualTo(REPEAT);
        KeySequenceTracker.Summary summary = tracker.summary();
        assertThat(summary.missing()).isEqualTo(1);
        assertThat(summary.late()).isEqualTo(1);
        assertThat(summary.repeats()).isEqualTo(2);
        assertThat(summary.toString()).contains("1 missing", "1 out of order");
    }
}
