package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.internal.consumer.Lineage;
import io.shardline.lease.HashKeyRange;
import io.shardline.lease.Lease;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether the leases still to be processed (not {@code SHARD_END}) cover the whole hash-key space
 * {@code [0, 2^128 - 1]}: a gap means some partition keys' records would never be read (a child lease whose creation
 * failed, a lease deleted by hand). Overlaps are normal (a waiting child covers its parent's range). Pure.
 */
final class HashRangeCoverage {

    /** The largest hash key: {@code 2^128 - 1}. */
    static final BigInteger MAX_HASH_KEY = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private HashRangeCoverage() {
    }

    /**
     * The uncovered ranges, lowest first; empty when covered. Empty {@code Optional} when the check cannot be made:
     * an unfinished lease without hash range (written by another library).
     */
    static Optional<List<HashKeyRange>> gaps(Collection<Lease> leases) {
        List<HashKeyRange> ranges = new ArrayList<>();
        for (Lease lease : leases) {
            if (Lineage.isFinished(lease)) {
                continue;
            }
            if (lease.hashKeyRange() == null) {
                return Optional.empty();
            }
            ranges.add(lease.hashKeyRange());
        }
        return Optional.of(gapsOf(ranges));
    }

    /** The parts of {@code [0, 2^128 - 1]} that no range in {@code ranges} covers, lowest first. */
    static List<HashKeyRange> gapsOf(List<HashKeyRange> ranges) {
        List<HashKeyRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(HashKeyRange::startingHashKey));
        List<HashKeyRange> gaps = new ArrayList<>();
        BigInteger next = BigInteger.ZERO; // the lowest key not known to be covered
        for (HashKeyRange r : sorted) {
            if (r.startingHashKey().compareTo(next) > 0) {
                gaps.add(new HashKeyRange(next, r.startingHashKey().subtract(BigInteger.ONE)));
            }
            BigInteger after = r.endingHashKey().add(BigInteger.ONE);
            if (after.compareTo(next) > 0) {
                next = after;
            }
        }
        if (next.compareTo(MAX_HASH_KEY) <= 0) {
            gaps.add(new HashKeyRange(next, MAX_HASH_KEY));
        }
        return gaps;
    }
}
