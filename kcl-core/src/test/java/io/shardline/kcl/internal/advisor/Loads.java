package io.shardline.kcl.internal.advisor;

import io.shardline.kcl.advisor.ShardLoad;
import java.math.BigInteger;
import java.util.SortedMap;
import java.util.TreeMap;

/** Test snapshots: shards tiling the hash-key space evenly, with chosen rates. */
final class Loads {

    static final BigInteger SPACE = BigInteger.ONE.shiftLeft(128);

    private Loads() {
    }

    static BigInteger start(int index, int of) {
        return SPACE.multiply(BigInteger.valueOf(index)).divide(BigInteger.valueOf(of));
    }

    static BigInteger end(int index, int of) {
        return start(index + 1, of).subtract(BigInteger.ONE);
    }

    /** Shard {@code index} of {@code of}: {@code recordsPerSecond} of 100-byte records, caught up. */
    static ShardLoad shard(int index, int of, double recordsPerSecond) {
        return new ShardLoad("shardId-" + index, start(index, of), end(index, of), recordsPerSecond,
                recordsPerSecond * 100, recordsPerSecond, 0, 0, 0, new TreeMap<>(), 10_000, true);
    }

    static ShardLoad lagging(ShardLoad s, long lagMillis, double trend, double processed) {
        return new ShardLoad(s.shardId(), s.startingHashKey(), s.endingHashKey(), s.ingestRecordsPerSecond(),
                s.ingestBytesPerSecond(), processed, lagMillis, trend, 0, s.hashKeyWeights(), s.samples(), true);
    }

    static ShardLoad throttled(ShardLoad s, double throttlesPerSecond) {
        return new ShardLoad(s.shardId(), s.startingHashKey(), s.endingHashKey(), s.ingestRecordsPerSecond(),
                s.ingestBytesPerSecond(), s.processedRecordsPerSecond(), s.lagMillis(), s.lagTrendMillisPerSecond(),
                throttlesPerSecond, s.hashKeyWeights(), s.samples(), true);
    }

    /** {@code weight} records on each of {@code count} keys spaced {@code step} apart from {@code first}. */
    static SortedMap<BigInteger, Long> keys(BigInteger first, BigInteger step, int count, long weight) {
        SortedMap<BigInteger, Long> m = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            m.put(first.add(step.multiply(BigInteger.valueOf(i))), weight);
        }
        return m;
    }
}
