package io.shardline.samples.producer;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * Partition keys {@code user-1 .. user-N} drawn with Zipf-like skew: key of rank {@code r} has probability
 * proportional to {@code 1 / r^exponent}. With 500 keys and exponent 1, {@code user-1} gets ~15 % of the records and
 * the top 10 keys ~43 %, like clicks per user. Immutable; sampling uses the caller's random generator.
 */
public final class ZipfKeys {

    private final List<String> keys;
    private final double[] cumulative;

    public ZipfKeys(int keys, double exponent) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be >= 1, was " + keys);
        }
        if (exponent < 0 || Double.isNaN(exponent)) {
            throw new IllegalArgumentException("exponent must be >= 0, was " + exponent);
        }
        this.keys = IntStream.rangeClosed(1, keys).mapToObj(ZipfKeys::name).toList();
        this.cumulative = new double[keys];
        double sum = 0;
        for (int rank = 1; rank <= keys; rank++) {
            sum += 1 / Math.pow(rank, exponent);
            cumulative[rank - 1] = sum;
        }
        for (int i = 0; i < keys; i++) {
            cumulative[i] /= sum;
        }
    }

    /** The key of {@code rank} (1 is the hottest). */
    public static String name(int rank) {
        return "user-" + rank;
    }

    public List<String> keys() {
        return keys;
    }

    /** The probability of the key of {@code rank} (1-based). */
    public double probability(int rank) {
        return cumulative[rank - 1] - (rank == 1 ? 0 : cumulative[rank - 2]);
    }

    /** One key, drawn with the skew. */
    public String next(RandomGenerator random) {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        int index = i >= 0 ? i : -i - 1;
        return keys.get(Math.min(index, keys.size() - 1));
    }
}
