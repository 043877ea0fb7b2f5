package io.shardline.benchmarks.skew;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Skewed traffic over {@code shards} shards: {@code keys} partition keys whose popularity follows Zipf's law (the key
 * of rank r is drawn with probability proportional to {@code 1 / r^exponent}). The {@code hotKeys} most popular keys
 * go to shards 0 and 1 (each to the one of the two with less Zipf weight so far, so the two carry about the same),
 * every other key round-robin to shards 2 and up. With 100 keys, exponent 1 and 10 hot keys, shards 0 and 1 carry
 * 28 % of the records each (56 % together) and the six others about 7 % each.
 */
final class ZipfTraffic {

    private final double[] cumulative;
    private final int[] shardOfRank;
    private final double[] shareOfShard;
    private final Random random;

    ZipfTraffic(int keys, double exponent, int hotKeys, int shards, long seed) {
        if (shards < 3 || keys < hotKeys + shards || hotKeys < 2) {
            throw new IllegalArgumentException("need shards >= 3, hotKeys >= 2 and keys >= hotKeys + shards, were "
                    + shards + ", " + hotKeys + ", " + keys);
        }
        cumulative = new double[keys];
        shardOfRank = new int[keys];
        shareOfShard = new double[shards];
        double total = 0;
        for (int r = 0; r < keys; r++) {
            double w = 1 / Math.pow(r + 1, exponent);
            total += w;
            cumulative[r] = total;
            int shard = r < hotKeys ? (shareOfShard[0] <= shareOfShard[1] ? 0 : 1)
                    : 2 + (r - hotKeys) % (shards - 2);
            shardOfRank[r] = shard;
            shareOfShard[shard] += w;
        }
        for (int s = 0; s < shards; s++) {
            shareOfShard[s] /= total;
        }
        this.random = new Random(seed);
    }

    /** The next record's key rank (0 the most popular). */
    int nextRank() {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    int shardOf(int rank) {
        return shardOfRank[rank];
    }

    /** Each shard's expected share of the records, in shard order. */
    List<Double> shares() {
        List<Double> out = new ArrayList<>();
        for (double s : shareOfShard) {
            out.add(s);
        }
        return out;
    }
}
