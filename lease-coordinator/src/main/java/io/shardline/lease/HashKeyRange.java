package io.shardline.lease;

import java.math.BigInteger;
import java.util.Objects;

/** Inclusive range of 128-bit hash keys a shard covers ({@code startingHashKey}, {@code endingHashKey}). */
public record HashKeyRange(BigInteger startingHashKey, BigInteger endingHashKey) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public HashKeyRange {
        Objects.requireNonNull(startingHashKey, "startingHashKey");
        Objects.requireNonNull(endingHashKey, "endingHashKey");
        if (startingHashKey.compareTo(endingHashKey) > 0) {
            throw new IllegalArgumentException("startingHashKey " + startingHashKey
                    + " is greater than endingHashKey " + endingHashKey);
        }
    }

    /** The range between two decimal hash keys, both inclusive, as Kinesis writes them. */
    public static HashKeyRange of(String startingHashKey, String endingHashKey) {
        return new HashKeyRange(new BigInteger(startingHashKey), new BigInteger(endingHashKey));
    }

    /** True when {@code hashKey} lies in this range (bounds included). */
    public boolean contains(BigInteger hashKey) {
        return startingHashKey.compareTo(hashKey) <= 0 && hashKey.compareTo(endingHashKey) <= 0;
    }
}
