package io.shardline.kcl.internal.advisor;

import io.shardline.kcl.advisor.ShardLoad;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

/**
 * Where to split a hot shard: the weighted median of the hash keys it carried, so each child gets about half the
 * observed load (not the range midpoint, which leaves a narrow hot range in one child).
 */
final class SplitPoint {

    private SplitPoint() {
    }

    /**
     * The new starting hash key: a key between two observed keys such that the observed
     * weight below it is as close to half as the observations allow (both children get some load). Empty when every observation sits on a single
     * key (no split spreads one key). With no observation at all, the range midpoint.
     */
    static Optional<BigInteger> of(ShardLoad load) {
        Map<BigInteger, Long> weights = load.hashKeyWeights().subMap(load.startingHashKey(),
                load.endingHashKey().add(BigInteger.ONE));
        long total = weights.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            BigInteger mid = load.startingHashKey().add(load.endingHashKey()).add(BigInteger.ONE).shiftRight(1);
            return mid.compareTo(load.startingHashKey()) > 0 ? Optional.of(mid) : Optional.empty();
        }
        if (weights.size() == 1) {
            return Optional.empty();
        }
        long below = 0;
        BigInteger previous = null;
        BigInteger best = null;
        double bestImbalance = Double.MAX_VALUE;
        // Candidate split keys are the observed keys after the first: children [start, k-1] and [k, end].
        for (Map.Entry<BigInteger, Long> e : weights.entrySet()) {
            if (previous != null) {
                double imbalance = Math.abs(2.0 * below - total);
                if (imbalance < bestImbalance) {
                    bestImbalance = imbalance;
                    // Halfway between the last key of the lower child and the first of the upper one.
                    best = previous.add(e.getKey()).add(BigInteger.ONE).shiftRight(1);
                }
            }
            below += e.getValue();
            previous = e.getKey();
        }
        return Optional.ofNullable(best);
    }

    static Optional<BigInteger> heaviestKey(ShardLoad load) {
        return load.hashKeyWeights().entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }
}
