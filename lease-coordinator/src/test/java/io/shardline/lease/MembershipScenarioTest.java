package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.Cluster.Worker;
import io.shardline.lease.RecordingListener.HandoffMode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Joining, leaving and balancing, driven deterministically through {@code poll(now)} on a manual clock. */
class MembershipScenarioTest {

    private static final Duration ROUND = LeaseCoordinatorConfig.defaults().heartbeatInterval();

    private final Cluster cluster = new Cluster();

    @Test
    void firstWorkerBecomesLeaderAtOnceAndTakesEveryLeaseOneRoundLater() {
        cluster.createLeases(10);
        Worker w1 = cluster.add("w1");

        cluster.pollDue();
        assertThat(w1.coordinator.isLeader()).isTrue();
        assertThat(w1.owned()).as("a cold-start leader waits one round for peers starting with it").isEmpty();
        cluster.runFor(ROUND);

        assertThat(w1.owned()).hasSize(10);
        assertThat(w1.listener.count(LeaseEvent.Acquired.class)).isEqualTo(10);
        assertThat(w1.coordinator.stats().orphansAssigned()).isEqualTo(10);
        cluster.assertConsistent();
    }

    @Test
    void workersStartingTogetherShareTheLeasesWithoutAnyHandoff() {
        cluster.createLeases(30);
        Worker w1 = cluster.add("w1");
        cluster.add("w2");
        cluster.add("w3");

        cluster.runFor(ROUND.multipliedBy(3));

        assertThat(cluster.countsInTable()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("w1", 10, "w2", 10, "w3", 10));
        assertThat(w1.coordinator.stats().handoffsRequested()).isZero();
        cluster.assertConsistent();
    }

    @Test
    void joiningWorkerGetsHalfTheLeasesThroughGracefulHandoffsWithinTwoRounds() {
        cluster.createLeases(10);
        Worker w1 = cluster.add("w1");
        cluster.runFor(ROUND);

        Worker w2 = cluster.add("w2");
        Duration took = cluster.runUntil(() -> w2.owned().size() == 5, Duration.ofSeconds(10));

        assertThat(took).isLessThanOrEqualTo(ROUND.multipliedBy(2));
        assertThat(w1.owned()).hasSize(5);
        assertThat(w1.listener.lost(LossReason.HANDED_OFF)).hasSize(5);
        assertThat(w1.coordinator.stats().handoffsRequested()).isEqualTo(5);
        assertThat(w1.coordinator.stats().handoffsForced()).isZero();
        cluster.assertConsistent();
    }

    @Test
    void balancedClusterStaysPutAcrossManyScans() {
        cluster.createLeases(10);
        cluster.add("w1");
        cluster.add("w2");
        cluster.add("w3");
        cluster.runFor(Duration.ofSeconds(5));
        long requested = cluster.worker("w1").coordinator.stats().handoffsRequested();

        cluster.runFor(Duration.ofSeconds(60));

        assertThat(cluster.countsInTable()).containsValues(3, 3, 4).doesNotContainKey("");
        assertThat(cluster.worker("w1").coordinator.stats().handoffsRequested()).isEqualTo(requested);
        cluster.assertConsistent();
    }

    @Test
    void leavingWorkerHandsEveryLeaseToPeersWhoOwnThemWithinOneRound() {
        cluster.createLeases(12);
        Worker w1 = cluster.add("w1");
        Worker w2 = cluster.add("w2");
        Worker w3 = cluster.add("w3");
        cluster.runUntil(() -> w3.owned().size() == 4, Duration.ofSeconds(10));
        cluster.runFor(ROUND);

        CompletableFuture<Void> left = w3.coordinator.shutdown();
        cluster.pollNow("w3");
        cluster.runFor(ROUND);

        assertThat(left).isCompleted();
        assertThat(w3.listener.lost(LossReason.HANDED_OFF)).hasSize(4);
        assertThat(w1.owned().size() + w2.owned().size()).isEqualTo(12);
        assertThat(cluster.countsInTable()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("w1", 6, "w2", 6));
        assertThat(w3.coordinator.stats().handoffsShutdownForced()).isZero();
        assertThat(w1.coordinator.stats().handoffsForced()).isZero();
        assertThat(cluster.coordination.listMembers()).extracting(Member::memberId).containsExactly("w1", "w2");
        cluster.assertConsistent();
    }

    @Test
    void leaderThatShutsDownReleasesLeadershipAndAPeerLeadsInItsNextRound() {
        cluster.createLeases(6);
        Worker w1 = cluster.add("w1");
        Worker w2 = cluster.add("w2");
        cluster.runFor(Duration.ofSeconds(3));
        assertThat(w1.coordinator.isLeader()).isTrue();

        w1.coordinator.shutdown();
        cluster.pollNow("w1");
        Duration took = cluster.runUntil(w2.coordinator::isLeader, Duration.ofSeconds(5));

        assertThat(took).isLessThanOrEqualTo(ROUND);
        assertThat(w1.coordinator.isStopped()).isTrue();
        assertThat(w2.owned()).hasSize(6);
        cluster.assertConsistent();
    }

    @Test
    void shutdownWithNoLivePeerReleasesEveryLease() {
        cluster.createLeases(3);
        Worker w1 = cluster.add("w1");
        cluster.runFor(ROUND);

        CompletableFuture<Void> left = w1.coordinator.shutdown();
        cluster.pollNow("w1");

        assertThat(left).isCompleted();
        assertThat(w1.listener.lost(LossReason.RELEASED)).hasSize(3);
        assertThat(cluster.countsInTable()).containsExactlyEntriesOf(java.util.Map.of("", 3));
        assertThat(cluster.coordination.readLeader()).isNull();
    }

    @Test
    void unconfirmedShutdownHandoffIsMovedAfterHandoffTimeout() {
        cluster.createLeases(4);
        Worker w1 = cluster.add("w1");
        Worker w2 = cluster.add("w2", HandoffMode.NEVER, b -> b);
        cluster.runUntil(() -> w2.owned().size() == 2, Duration.ofSeconds(30));

        CompletableFuture<Void> left = w2.coordinator.shutdown();
        cluster.pollNow("w2");
        cluster.runFor(LeaseCoordinatorConfig.defaults().handoffTimeout().minus(ROUND));
        assertThat(left).isNotDone();
        assertThat(w2.owned()).hasSize(2);

        cluster.runFor(ROUND.multipliedBy(2));

        assertThat(left).isCompleted();
        assertThat(w2.coordinator.stats().handoffsShutdownForced()).isEqualTo(2);
        assertThat(w1.owned()).hasSize(4);
        cluster.assertConsistent();
    }

    @Test
    void leaderNeverGivesAWorkerMoreThanMaxLeasesPerWorker() {
        Cluster capped = new Cluster(b -> b.maxLeasesPerWorker(3));
        capped.createLeases(10);
        capped.add("w1");
        capped.add("w2");
        capped.runFor(Duration.ofSeconds(5));
        assertThat(capped.countsInTable()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("w1", 3, "w2", 3, "", 4));

        capped.add("w3");
        capped.runFor(Duration.ofSeconds(5));

        assertThat(capped.countsInTable()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("w1", 3, "w2", 3, "w3", 3, "", 1));
        capped.assertConsistent();
    }

    @Test
    void coordinatorWithAutoCompleteHandoffMovesLeasesWithoutAListenerConfirming() {
        Cluster auto = new Cluster(b -> b.autoCompleteHandoff(true));
        auto.createLeases(8);
        Worker w1 = auto.add("w1", HandoffMode.NEVER, b -> b);
        auto.runFor(ROUND);
        Worker w2 = auto.add("w2", HandoffMode.NEVER, b -> b);

        Duration took = auto.runUntil(() -> w2.owned().size() == 4, Duration.ofSeconds(10));

        assertThat(took).isLessThanOrEqualTo(ROUND.multipliedBy(2));
        assertThat(w1.coordinator.stats().handoffsForced()).isZero();
        assertThat(w1.coordinator.stats().handoffsCompleted()).isEqualTo(4);
        auto.assertConsistent();
    }

    @Test
    void finishedLeasesAreNeitherAssignedNorCounted() {
        for (int i = 0; i < 4; i++) {
            cluster.leases.createIfAbsent(Lease.unowned("done-" + i).withCheckpoint(Checkpoint.of(Checkpoint.SHARD_END)));
        }
        cluster.createLeases(4);
        Worker w1 = cluster.add("w1");
        Worker w2 = cluster.add("w2");

        cluster.runFor(Duration.ofSeconds(5));

        assertThat(w1.owned()).hasSize(2).allMatch(k -> k.startsWith("shard-"));
        assertThat(w2.owned()).hasSize(2).allMatch(k -> k.startsWith("shard-"));
        assertThat(cluster.countsInTable()).containsEntry("", 4);
    }

    @Test
    void childLeaseWaitsUntilItsParentIsFinishedWithAPluggedEligibility() {
        LeaseEligibility parentsFinished = (lease, all) -> !isFinished(lease) && lease.parentLeaseKeys().stream()
                .allMatch(p -> all.get(p) == null || isFinished(all.get(p)));
        Cluster lineage = new Cluster(b -> b.leaseEligibility(parentsFinished));
        lineage.leases.createIfAbsent(Lease.unowned("parent"));
        lineage.leases.createIfAbsent(Lease.unowned("child").withLineage(java.util.Set.of("parent"),
                java.util.Set.of(), null));
        Worker w1 = lineage.add("w1");
        lineage.runFor(ROUND);
        assertThat(w1.owned()).containsExactly("parent");

        LeaseToken parent = w1.coordinator.currentToken("parent").orElseThrow();
        lineage.leases.checkpoint(parent, CheckpointUpdate.commit(Checkpoint.of(Checkpoint.SHARD_END), null));
        lineage.runFor(LeaseCoordinatorConfig.defaults().leaseScanInterval().plus(ROUND));

        assertThat(w1.owned()).containsExactly("child", "parent");
    }

    private static boolean isFinished(Lease lease) {
        return lease.checkpoint() != null && lease.checkpoint().isShardEnd();
    }
}
