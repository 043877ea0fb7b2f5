package io.shardline.samples.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.shardline.samples.common.SamplePayload;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfKeysTest {

    @Test
    void probabilitiesFollowOneOverRankAndSumToOne() {
        ZipfKeys keys = new ZipfKeys(500, 1.0);
        double harmonic = 0;
        for (int r = 1; r <= 500; r++) {
            harmonic += 1.0 / r;
        }
        assertThat(keys.probability(1)).isCloseTo(1 / harmonic, within(1e-12));
        assertThat(keys.probability(2)).isCloseTo(keys.probability(1) / 2, within(1e-12));
        double sum = 0;
        for (int r = 1; r <= 500; r++) {
            sum += keys.probability(r);
        }
        assertThat(sum).isCloseTo(1, within(1e-9));
        assertThat(keys.keys()).hasSize(500).startsWith("user-1", "user-2");
    }

    @Test
    void drawsAreSkewedAsConfigured() {
        ZipfKeys keys = new ZipfKeys(500, 1.0);
        SplittableRandom random = new SplittableRandom(42);
        Map<String, Integer> counts = new HashMap<>();
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(keys.next(random), 1, Integer::sum);
        }
        double top = counts.get("user-1") / (double) draws;
        assertThat(top).as("user-1 gets ~15 %%").isCloseTo(keys.probability(1), within(0.005));
        assertThat(counts.get("user-1")).isGreaterThan(counts.get("user-2"));
        assertThat(counts.get("user-2")).isGreaterThan(counts.get("user-10"));
        assertThat(counts.get("user-10")).isGreaterThan(counts.getOrDefault("user-400", 0));
        long top10 = 0;
        for (int r = 1; r <= 10; r++) {
            top10 += counts.get(ZipfKeys.name(r));
        }
        assertThat(top10 / (double) draws).as("the top 10 of 500 keys get ~43 %%").isBetween(0.40, 0.46);
    }

    @Test
    void exponentZeroIsUniform() {
        ZipfKeys keys = new ZipfKeys(4, 0);
        assertThat(keys.probability(1)).isCloseTo(0.25, within(1e-12));
        assertThat(keys.probability(4)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void generatorNumbersEachKeysRecordsFromZero() {
        RecordGenerator generator = new RecordGenerator(new ZipfKeys(3, 1.0), new Random(7));
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            SamplePayload p = generator.next(1_000L + i);
            long seq = expected.merge(p.key(), 1L, Long::sum) - 1;
            assertThat(p.seq()).isEqualTo(seq);
            assertThat(p.ts()).isEqualTo(1_000L + i);
            assertThat(p.value()).isBetween(1L, 100L);
        }
        assertThat(expected).containsOnlyKeys("user-1", "user-2", "user-3");
    }
}
