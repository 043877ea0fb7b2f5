package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.Cluster.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link LeaseCoordinator#requestAssignment}: leases that became assignable (children whose parent just finished) are
 * assigned by the asking worker at once, as the leader's strategy would, not at the leader's next periodic scan.
 */
class AssignmentRequestTest {

    private static final Duration ROUND = LeaseCoordinatorConfig.defaults().heartbeatInterval();
    /** Long enough that no periodic leader scan happens during a test. */
    private static final Duration SCAN = Duration.ofMinutes(10);
    private static final Checkpoint SHARD_END = Checkpoint.of(Checkpoint.SHARD_END);

    /** kcl-core's lineage rule, restated: not finished, every parent finished or without lease. */
    private static final LeaseEligibility LINEAGE = (lease, all) -> !isFinished(lease)
            && lease.parentLeaseKeys().stream().allMatch(p -> all.get(p) == null || isFinished(all.get(p)));

    private final Cluster cluster = new Cluster(b -> b.leaseScanInterval(SCAN).leaseEligibility(LINEAGE));

    @Test
    void theWorkerThatFinishedAParentTakesAChildAtOnceAndAssignsTheOtherToItsPeer() {
        createShards("shard-0", "shard-1", "shard-2", "shard-3");
        createChild("child-a", "shard-0");
        createChild("child-b", "shard-0");
        Worker w1 = cluster.add("w1");
        Worker w2 = cluster.add("w2");
        cluster.runFor(ROUND.multipliedBy(3));
        assertThat(cluster.countsInTable()).containsEntry("w1", 2).containsEntry("w2", 2);
        Worker finisher = cluster.ownersInTable().get("shard-0").equals("w1") ? w1 : w2;
        Worker peer = finisher == w1 ? w2 : w1;
        long scansBefore = finisher.coordinator.stats().leaseScans();

        finish("shard-0");
        finisher.coordinator.requestAssignment(List.of("child-a", "child-b"));

        assertThat(finisher.owned()).as("one child taken in the same instant").hasSize(3)
                .containsAnyOf("child-a", "child-b");
        assertThat(Set.of(cluster.ownersInTable().get("child-a"), cluster.ownersInTable().get("child-b")))
                .as("the other child is already assigned to the peer in the table").containsExactlyInAnyOrder("w1", "w2");
        Duration took = cluster.runUntil(() -> peer.owned().size() == 3, ROUND.multipliedBy(2));
        assertThat(took).as("the peer learns from its inbox in its next round").isLessThanOrEqualTo(ROUND);
        assertThat(finisher.coordinator.stats().leaseScans()).isEqualTo(scansBefore + 1);
        assertThat(peer.listener.count(LeaseEvent.HandoffRequested.class)).isZero();
        cluster.assertConsistent();
    }

    @Test
    void aChildWaitingForAnotherParentIsLeftAlone() {
        createShards("shard-0", "shard-1");
        createChild("merged", "shard-0", "shard-1");
        Worker w1 = cluster.add("w1");
        cluster.runFor(ROUND.multipliedBy(2));
        assertThat(w1.owned()).containsExactly("shard-0", "shard-1");

        finish("shard-0");
        w1.coordinator.requestAssignment(List.of("merged"));
        assertThat(cluster.ownersInTable().get("merged")).as("shard-1 is not finished").isNull();

        finish("shard-1");
        w1.coordinator.requestAssignment(List.of("merged"));
        assertThat(w1.owned()).contains("merged");
        cluster.assertConsistent();
    }

    @Test
    void aRequestForALeaseAlreadyOwnedChangesNothing() {
        createShards("shard-0");
        Worker w1 = cluster.add("w1");
        Worker w2 = cluster.add("w2");
        cluster.runFor(ROUND.multipliedBy(2));
        String owner = cluster.ownersInTable().get("shard-0");
        Worker other = owner.equals("w1") ? w2 : w1;
        long counter = cluster.leases.get("shard-0").orElseThrow().counter();

        other.coordinator.requestAssignment(Set.of("shard-0", "no-such-lease"));

        assertThat(cluster.leases.get("shard-0").orElseThrow().counter()).isEqualTo(counter);
        assertThat(cluster.ownersInTable()).containsEntry("shard-0", owner);
    }

    @Test
    void aFailedScanKeepsTheRequestForTheNextRound() {
        createShards("shard-0", "shard-1");
        createChild("child", "shard-0");
        Worker w1 = cluster.add("w1");
        cluster.runFor(ROUND.multipliedBy(2));
        finish("shard-0");
        cluster.leases.failNext(StoreOperation.LIST,
                () -> new LeaseStoreException("injected", "leases", null, true, null));

        w1.coordinator.requestAssignment(List.of("child"));
        assertThat(w1.owned()).doesNotContain("child");

        Duration took = cluster.runUntil(() -> w1.owned().contains("child"), ROUND.multipliedBy(2));
        assertThat(took).isLessThanOrEqualTo(ROUND);
    }

    private void createShards(String... keys) {
        for (String key : keys) {
            cluster.leases.createIfAbsent(Lease.unowned(key));
        }
    }

    private void createChild(String key, String... parents) {
        cluster.leases.createIfAbsent(Lease.unowned(key).withLineage(Set.of(parents), Set.of(), null));
    }

    private void finish(String key) {
        cluster.leases.put(cluster.leases.get(key).orElseThrow().withCheckpoint(SHARD_END));
    }

    private static boolean isFinished(Lease lease) {
        return lease.checkpoint() != null && lease.checkpoint().isShardEnd();
    }
}
