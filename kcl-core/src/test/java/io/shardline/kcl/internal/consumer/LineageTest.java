package io.shardline.kcl.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.retrieval.ChildShard;
import io.shardline.lease.Checkpoint;
import io.shardline.lease.HashKeyRange;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseEligibility;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LineageTest {

    private static final Checkpoint SHARD_END = Checkpoint.of("SHARD_END");
    private final LeaseEligibility eligibility = Lineage.eligibility(LeaseEligibility.notFinished());

    @Test
    void aChildIsNotAssignedBeforeEveryParentIsFinished() {
        Lease parentA = Lease.unowned("a").withCheckpoint(SHARD_END);
        Lease parentB = Lease.unowned("b").withCheckpoint(Checkpoint.of("123"));
        Lease child = Lease.unowned("c").withLineage(Set.of("a", "b"), Set.of(), null);

        assertThat(eligibility.isEligible(child, Map.of("a", parentA, "b", parentB, "c", child))).isFalse();
        assertThat(eligibility.isEligible(child, Map.of("a", parentA, "b", parentB.withCheckpoint(SHARD_END),
                "c", child))).isTrue();
    }

    @Test
    void aParentWithoutLeaseCountsAsFinished() {
        Lease child = Lease.unowned("c").withLineage(Set.of("trimmed"), Set.of(), null);

        assertThat(eligibility.isEligible(child, Map.of("c", child))).isTrue();
    }

    @Test
    void aFinishedLeaseIsNeverAssigned() {
        Lease done = Lease.unowned("a").withCheckpoint(SHARD_END);

        assertThat(eligibility.isEligible(done, Map.of("a", done))).isFalse();
    }

    @Test
    void theApplicationsOwnRuleMustAgreeToo() {
        Lease lease = Lease.unowned("a");

        assertThat(Lineage.eligibility((l, all) -> false).isEligible(lease, Map.of("a", lease))).isFalse();
    }

    @Test
    void aChildLeaseStartsAtTrimHorizonWithItsParentsAndRange() {
        HashKeyRange range = HashKeyRange.of("0", "9");

        Lease child = Lineage.childLease(new ChildShard("c", List.of("a", "b"), range));

        assertThat(child.parentLeaseKeys()).containsExactlyInAnyOrder("a", "b");
        assertThat(child.hashKeyRange()).isEqualTo(range);
        assertThat(child.checkpoint()).isEqualTo(Checkpoint.of("TRIM_HORIZON"));
        assertThat(child.owner()).isNull();
    }
}
