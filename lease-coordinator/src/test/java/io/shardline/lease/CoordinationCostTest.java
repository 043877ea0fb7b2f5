package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.testing.OperationCounts;
import io.shardline.lease.testing.StoreOperation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What an idle cluster costs: heartbeats and one leader renewal per round, no per-lease writes. */
class CoordinationCostTest {

    @Test
    void idleClusterWritesOnlyHeartbeatsAndOneLeaderRenewalPerRoundAndNoLease() {
        Cluster cluster = new Cluster();
        cluster.createLeases(300);
        cluster.add("w1");
        cluster.add("w2");
        cluster.add("w3");
        cluster.runFor(Duration.ofSeconds(30));
        cluster.leases.resetOperationCounts();
        cluster.coordination.resetOperationCounts();

        cluster.runFor(Duration.ofSeconds(20));

        OperationCounts lease = cluster.leases.operationCounts();
        OperationCounts coordination = cluster.coordination.operationCounts();
        assertThat(lease.writes()).as("no per-lease renewals").isZero();
        assertThat(lease.calls(StoreOperation.LIST)).as("leader scans every leaseScanInterval").isBetween(2L, 3L);
        assertThat(lease.calls(StoreOperation.LIST_OWNED_BY)).as("each worker syncs every leaseSyncInterval")
                .isBetween(6L, 9L);
        assertThat(coordination.calls(StoreOperation.HEARTBEAT)).isBetween(60L, 63L);
        assertThat(coordination.calls(StoreOperation.RENEW_LEADER)).isBetween(20L, 21L);
        assertThat(coordination.calls(StoreOperation.NOTIFY_MEMBER)).isZero();
        assertThat(coordination.writes()).isEqualTo(coordination.calls(StoreOperation.HEARTBEAT)
                + coordination.calls(StoreOperation.RENEW_LEADER));
        cluster.assertConsistent();
    }

    @Test
    void deathOfAWorkerCostsOneTransferPerOrphanAndOneNotifyPerReceiver() {
        Cluster cluster = new Cluster();
        cluster.createLeases(30);
        cluster.add("w1");
        cluster.add("w2");
        cluster.add("w3");
        cluster.runFor(Duration.ofSeconds(30));
        cluster.pause("w3");
        cluster.leases.resetOperationCounts();
        cluster.coordination.resetOperationCounts();

        cluster.runFor(Duration.ofSeconds(6));

        assertThat(cluster.leases.operationCounts().calls(StoreOperation.TRANSFER)).isEqualTo(10);
        assertThat(cluster.leases.operationCounts().calls(StoreOperation.REQUEST_HANDOFF)).isZero();
        assertThat(cluster.coordination.operationCounts().calls(StoreOperation.NOTIFY_MEMBER)).isEqualTo(1);
    }
}
