package io.shardline.kcl.advisor;

import java.math.BigInteger;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What was observed of one open shard over the advisor's window.
 *
 * @param shardId            the shard
 * @param startingHashKey    first hash key of its range
 * @param endingHashKey      last hash key of its range (inclusive)
 * @param ingestRecordsPerSecond user records written per second (measured on their arrival timestamps)
 * @param ingestBytesPerSecond   payload bytes written per second
 * @param processedRecordsPerSecond records the processor finished per second
 * @param lagMillis          the latest lag (the larger of {@code millisBehindLatest} and the age of the record
 *                           processed), or -1 when unknown
 * @param lagTrendMillisPerSecond how fast the lag grows (least-squares slope over the window; negative: shrinking)
 * @param readThrottlesPerSecond  GetRecords throttles per second
 * @param hashKeyWeights     records seen per explicit hash key (MD5 of the partition key unless set explicitly)
 * @param samples            how many records the figures rest on
 * @param observed           whether this worker consumed the shard over the window (false: not judged)
 */
public record ShardLoad(String shardId, BigInteger startingHashKey, BigInteger endingHashKey,
        double ingestRecordsPerSecond, double ingestBytesPerSecond, double processedRecordsPerSecond,
        long lagMillis, double lagTrendMillisPerSecond, double readThrottlesPerSecond,
        SortedMap<BigInteger, Long> hashKeyWeights, long samples, boolean observed) {

    public ShardLoad {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(startingHashKey, "startingHashKey");
        Objects.requireNonNull(endingHashKey, "endingHashKey");
        if (endingHashKey.compareTo(startingHashKey) < 0) {
            throw new IllegalArgumentException("endingHashKey " + endingHashKey + " < startingHashKey "
                    + startingHashKey + " of shard " + shardId);
        }
        for (Map.Entry<BigInteger, Long> e : hashKeyWeights.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("hashKeyWeights of " + shardId + ": negative weight " + e);
            }
        }
        hashKeyWeights = Collections.unmodifiableSortedMap(new TreeMap<>(hashKeyWeights));
    }

    /** A shard this worker did not consume (its verdict is {@link Verdict#UNKNOWN}). */
    public static ShardLoad unobserved(String shardId, BigInteger startingHashKey, BigInteger endingHashKey) {
        return new ShardLoad(shardId, startingHashKey, endingHashKey, 0, 0, 0, -1, 0, 0, new TreeMap<>(), 0, false);
    }

    /** A copy with {@code weights} as the hash-key histogram. */
    public ShardLoad withHashKeyWeights(SortedMap<BigInteger, Long> weights) {
        return new ShardLoad(shardId, startingHashKey, endingHashKey, ingestRecordsPerSecond, ingestBytesPerSecond,
                processedRecordsPerSecond, lagMillis, lagTrendMillisPerSecond, readThrottlesPerSecond, weights,
                samples, observed);
    }
}
