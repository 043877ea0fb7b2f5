package io.shardline.benchmarks.harness;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample. */
public final class Percentiles {

    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    /** Percentiles of {@code values} (copied); fails on an empty sample, which has none. */
    public static Percentiles of(long[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values: a percentile of an empty sample is undefined");
        }
        long[] copy = values.clone();
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    /** The smallest value with at least {@code p} percent of the sample at or below it ({@code 0 < p <= 100}). */
    public long at(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("p must be in (0, 100], was " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public long max() {
        return sorted[sorted.length - 1];
    }

    public int count() {
        return sorted.length;
    }
}
