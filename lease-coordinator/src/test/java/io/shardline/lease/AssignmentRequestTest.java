package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.Cluster.Worker;
import io.shardline.lease.testing.StoreOperation;
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
    void theWorkerThatFinishedAParentTakesBothChildrenAtOnceWhenThatStaysBalanced() {
        createShards("shard-0", "shard-1", "shard-2", "shard-3");
        createChild("child-a", "shard-0");
        createChild("child-b", "shard-0");
        Worker w1 = cluster.add("w1");
        Worker w2 = cluster.add("w2");
        cluster.runFor(ROUND.multipliedBy(3));
        assertThat(cluster.countsInTable()).containsEntry("w1", 2).containsEntry("w2", 2);
        Worker finisher = cluster.ownersInTable().get("shard-0").equals("w1") ? w1 : w2;
        long scansBefore = finisher.coordinator.stats().leaseScans();

        finish("shard-0");
        finisher.coordinator.requestAssignment(List.of("child-a", "child-b"));

        assertThat(finisher.owned()).as("both children taken in the same instant: 3 live leases vs 2")
                .contains("child-a", "child-b");
        assertThat(finisher.coordinator.stats().leaseScans()).isEqualTo(scansBefore + 1);
        cluster.runFor(SCAN.plus(ROUND));
        assertThat(finisher.coordinator.stats().handoffsRequested() + otherOf(finisher, w1, w2).coordinator.stats()
                .handoffsRequested()).as("the leader sees nothing to rebalance").isZero();
        cluster.assertConsistent();
    }

    @Test
    void whatWouldUnbalanceTheAskingWorkerIsSpreadAsTheStrategyPlansAndPeersLearnInTheirNextRound() {
        createShards("shard-0", "shard-1", "shard-2");
        createChild("child-a", "shard-0");
        createChild("child-b", "shard-0");
        createChild("child-c", "shard-0");
        Worker w1 = cluster.add("w1");
        cluster.add("w2");
        cluster.add("w3");
        cluster.runFor(ROUND.multipliedBy(3));
        assertThat(cluster.countsInTable()).containsEntry("w1", 1).containsEntry("w2", 1).containsEntry("w3", 1);
        Worker finisher = cluster.worker(cluster.ownersInTable().get("shard-0"));

        finish("shard-0");
        finisher.coordinator.requestAssignment(List.of("child-a", "child-b", "child-c"));

        assertThat(finisher.owned()).as("its share, at once").hasSize(2); // shard-0 (finished) + one child
        assertThat(cluster.ownersInTable()).as("the other two already assigned in the table")
                .doesNotContainValue(null);
        Duration took = cluster.runUntil(() -> cluster.workers().stream().allMatch(w -> w.owned().size() == 2),
                ROUND.multipliedBy(2));
        assertThat(took).as("each peer learns from its inbox in its next round").isLessThanOrEqualTo(ROUND);
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

    private static Worker otherOf(Worker w, Worker a, Worker b) {
        return w == a ? b : a;
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
