package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.Cluster.Worker;
import io.shardline.lease.testing.OperationCounts;
import io.shardline.lease.testing.StoreOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link LeaseCoordinator#createLeases}: the creating worker's share of new leases is created already owned by it
 * (one conditional write per lease instead of a create plus the leader's transfer), the rest unowned for the leader,
 * and the leader then finds nothing to move.
 */
class LeaseCreationTest {

    private static final Duration ROUND = LeaseCoordinatorConfig.defaults().heartbeatInterval();
    private static final Duration SCAN = LeaseCoordinatorConfig.defaults().leaseScanInterval();

    /** kcl-core's lineage rule, restated: not finished, every parent finished or without lease. */
    private static final LeaseEligibility LINEAGE = (lease, all) -> !isFinished(lease)
            && lease.parentLeaseKeys().stream().allMatch(p -> all.get(p) == null || isFinished(all.get(p)));

    private final Cluster cluster = new Cluster(b -> b.leaseEligibility(LINEAGE));

    @Test
    void aSettledLoneWorkerCreatesEveryLeaseOwnedWithOneWriteEachAndHoldsThemAtOnce() {
        Worker w1 = cluster.add("w1");
        cluster.runFor(ROUND.multipliedBy(2));
        cluster.leases.resetOperationCounts();

        List<Lease> created = w1.coordinator.createLeases(List.of(), unowned(100));

        assertThat(created).hasSize(100).allMatch(l -> l.isOwnedBy("w1") && l.counter() == 1);
        OperationCounts writes = cluster.leases.operationCounts();
        assertThat(writes.calls(StoreOperation.CREATE_IF_ABSENT)).isEqualTo(100);
        assertThat(writes.writes()).as("one write per lease").isEqualTo(100);
        cluster.pollNow("w1");
        assertThat(w1.owned()).as("adopted at the next poll, no round to wait for").hasSize(100);
        cluster.runFor(SCAN.plus(ROUND));
        assertThat(cluster.leases.operationCounts().calls(StoreOperation.TRANSFER)).as("no transfer ever").isZero();
        assertThat(w1.coordinator.stats().handoffsRequested()).isZero();
        cluster.assertConsistent();
    }

    @Test
    void withALivePeerTheCreatorOwnsOnlyItsShareAndTheLeaderAssignsTheRestWithoutMovingAny() {
        Worker w1 = cluster.add("w1");
        Worker w2 = cluster.add("w2");
        cluster.runFor(ROUND.multipliedBy(2));

        List<Lease> created = w1.coordinator.createLeases(List.of(), unowned(10));

        assertThat(created).hasSize(10);
        assertThat(created.stream().filter(l -> l.isOwnedBy("w1"))).hasSize(5);
        assertThat(created.stream().filter(l -> !l.isOwned())).hasSize(5);
        cluster.runUntil(() -> w1.owned().size() == 5 && w2.owned().size() == 5, SCAN.plus(ROUND.multipliedBy(3)));
        cluster.runFor(SCAN.plus(ROUND));
        assertThat(w1.coordinator.stats().handoffsRequested() + w2.coordinator.stats().handoffsRequested())
                .as("the share was the strategy's: nothing to rebalance").isZero();
        cluster.assertConsistent();
    }

    @Test
    void theShareCountsTheLeasesTheCreatorAlreadyHolds() {
        Worker w1 = cluster.add("w1");
        Worker w2 = cluster.add("w2");
        cluster.createLeases(4);
        cluster.runUntil(() -> w1.owned().size() == 2 && w2.owned().size() == 2, SCAN.plus(ROUND.multipliedBy(3)));

        List<Lease> created = w1.coordinator.createLeases(cluster.leases.list(), unowned("new-", 4));

        assertThat(created.stream().filter(l -> l.isOwnedBy("w1"))).as("4 + 4 over 2 members: 4 each").hasSize(2);
    }

    @Test
    void theShareRespectsMaxLeasesPerWorker() {
        Worker w1 = cluster.add("w1", RecordingListener.HandoffMode.CONFIRM, b -> b.maxLeasesPerWorker(3));
        cluster.runFor(ROUND.multipliedBy(2));

        List<Lease> created = w1.coordinator.createLeases(List.of(), unowned(10));

        assertThat(created.stream().filter(l -> l.isOwnedBy("w1"))).hasSize(3);
    }

    @Test
    void aChildWaitingOnItsParentIsCreatedUnowned() {
        Worker w1 = cluster.add("w1");
        cluster.runFor(ROUND.multipliedBy(2));
        Lease parent = Lease.unowned("parent");
        Lease child = Lease.unowned("child").withLineage(Set.of("parent"), Set.of(), null);

        w1.coordinator.createLeases(List.of(), List.of(parent, child));

        assertThat(cluster.ownersInTable()).containsEntry("parent", "w1").containsEntry("child", null);
    }

    @Test
    void aLeaseAnotherWorkerCreatedMeanwhileIsLeftAsItIs() {
        Worker w1 = cluster.add("w1");
        cluster.runFor(ROUND.multipliedBy(2));
        Lease theirs = Lease.unowned("shard-0000").withOwner("w2").withCounter(1);
        cluster.leases.createIfAbsent(theirs);

        List<Lease> created = w1.coordinator.createLeases(List.of(), unowned(2));

        assertThat(created).extracting(Lease::leaseKey).containsExactly("shard-0001");
        assertThat(cluster.leases.get("shard-0000")).contains(theirs);
    }

    @Test
    void whenTheMembersCannotBeReadEveryLeaseIsCreatedUnowned() {
        Worker w1 = cluster.add("w1");
        cluster.runFor(ROUND.multipliedBy(2));
        cluster.coordination.failNext(StoreOperation.LIST_MEMBERS,
                () -> new LeaseStoreException("injected", "leases-coordination", null, true, null));

        List<Lease> created = w1.coordinator.createLeases(List.of(), unowned(3));

        assertThat(created).hasSize(3).noneMatch(Lease::isOwned);
    }

    @Test
    void aWorkerThatHasNotSettledCreatesEveryLeaseUnownedSoPeersStartedWithItGetTheirShare() {
        Worker w1 = cluster.add("w1");
        Worker w2 = cluster.add("w2");
        cluster.runFor(ROUND.dividedBy(2)); // one heartbeat each: members, not yet settled

        List<Lease> created = w1.coordinator.createLeases(List.of(), unowned(10));

        assertThat(created).hasSize(10).noneMatch(Lease::isOwned);
        cluster.runUntil(() -> w1.owned().size() == 5 && w2.owned().size() == 5, SCAN.plus(ROUND.multipliedBy(3)));
        assertThat(w1.coordinator.stats().handoffsRequested() + w2.coordinator.stats().handoffsRequested())
                .as("the leader spread the orphans: nothing to move back").isZero();
    }

    @Test
    void aWorkerThatSettlesWhileCreatingOwnsTheLaterChunks() {
        Worker w1 = cluster.add("w1");
        cluster.runFor(ROUND.dividedBy(2));
        List<Lease> planned = unowned(250);
        AtomicInteger reads = new AtomicInteger();
        cluster.coordination.injectFault(StoreOperation.LIST_MEMBERS, ignored -> {
            if (reads.incrementAndGet() == 2) {
                cluster.runFor(ROUND); // time passed while the first chunk was written: w1 heartbeated again
            }
            return null;
        });

        List<Lease> created = w1.coordinator.createLeases(List.of(), planned);

        cluster.coordination.clearFaults();
        assertThat(created).hasSize(250);
        assertThat(created.subList(0, 100)).as("first chunk: not settled yet").noneMatch(Lease::isOwned);
        assertThat(created.subList(100, 250)).as("later chunks: settled, alone").allMatch(l -> l.isOwnedBy("w1"));
    }

    @Test
    void aLeavingWorkerCreatesEveryLeaseUnowned() {
        Worker w1 = cluster.add("w1");
        cluster.add("w2");
        cluster.runFor(ROUND.multipliedBy(2));
        w1.coordinator.shutdown();
        cluster.pollNow("w1");

        List<Lease> created = w1.coordinator.createLeases(List.of(), unowned(3));

        assertThat(created).hasSize(3).noneMatch(Lease::isOwned);
    }

    private static List<Lease> unowned(int n) {
        return unowned("shard-", n);
    }

    private static List<Lease> unowned(String prefix, int n) {
        List<Lease> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Lease.unowned(String.format("%s%04d", prefix, i)));
        }
        return out;
    }

    private static boolean isFinished(Lease lease) {
        return lease.checkpoint() != null && lease.checkpoint().isShardEnd();
    }
}
