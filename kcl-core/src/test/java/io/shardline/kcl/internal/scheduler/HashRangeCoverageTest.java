package io.shardline.kcl.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.Checkpoint;
import io.shardline.lease.HashKeyRange;
import io.shardline.lease.Lease;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashRangeCoverageTest {

    private static final BigInteger MAX = HashRangeCoverage.MAX_HASH_KEY;
    private static final BigInteger HALF = MAX.shiftRight(1);

    @Test
    void overlappingRangesThatReachBothEndsLeaveNoGap() {
        List<Lease> leases = List.of(
                lease("parent", BigInteger.ZERO, MAX),
                lease("low", BigInteger.ZERO, HALF),
                lease("high", HALF.add(BigInteger.ONE), MAX));

        assertThat(HashRangeCoverage.gaps(leases)).hasValue(List.of());
    }

    @Test
    void aMissingChildLeavesAGapOnceItsParentIsFinished() {
        List<Lease> leases = List.of(
                lease("parent", BigInteger.ZERO, MAX).withCheckpoint(Checkpoint.of("SHARD_END")),
                lease("low", BigInteger.ZERO, HALF));

        assertThat(HashRangeCoverage.gaps(leases))
                .hasValue(List.of(new HashKeyRange(HALF.add(BigInteger.ONE), MAX)));
    }

    @Test
    void findsGapsAtBothEndsAndInTheMiddle() {
        List<HashKeyRange> gaps = HashRangeCoverage.gapsOf(List.of(
                new HashKeyRange(BigInteger.TEN, BigInteger.valueOf(20)),
                new HashKeyRange(BigInteger.valueOf(30), HALF)));

        assertThat(gaps).containsExactly(
                new HashKeyRange(BigInteger.ZERO, BigInteger.valueOf(9)),
                new HashKeyRange(BigInteger.valueOf(21), BigInteger.valueOf(29)),
                new HashKeyRange(HALF.add(BigInteger.ONE), MAX));
    }

    @Test
    void noUnfinishedLeaseAtAllIsOneGapOverEverything() {
        assertThat(HashRangeCoverage.gaps(List.of())).hasValue(List.of(new HashKeyRange(BigInteger.ZERO, MAX)));
    }

    @Test
    void anUnfinishedLeaseWithoutRangeMakesTheCheckImpossible() {
        assertThat(HashRangeCoverage.gaps(List.of(Lease.unowned("written-by-another-library")))).isEmpty();
    }

    private static Lease lease(String key, BigInteger from, BigInteger to) {
        return Lease.unowned(key).withLineage(Set.of(), Set.of(), new HashKeyRange(from, to));
    }
}
