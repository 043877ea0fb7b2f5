package io.shardline.samples.counting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyCountsTest {

    @Test
    void sortsByCountThenKeyAndKeepsTheTotal() {
        KeyCounts counts = new KeyCounts();
        counts.add("b", 2);
        counts.add("a", 2);
        counts.add("c", 5);
        counts.add("d", 1);
        assertThat(counts.top(3)).containsExactly(new KeyCounts.Count("c", 5), new KeyCounts.Count("a", 2),
                new KeyCounts.Count("b", 2));
        assertThat(counts.top(10)).hasSize(4);
        assertThat(counts.total()).isEqualTo(10);
        assertThat(counts.keys()).isEqualTo(4);
        assertThat(counts.count("missing")).isZero();
    }
}
