package io.shardline.kcl.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.aws.StreamRef;
import io.shardline.kcl.internal.testkit.FakeKinesisProxy;
import io.shardline.lease.Checkpoint;
import io.shardline.lease.Lease;
import io.shardline.lease.testing.InMemoryLeaseStore;
import io.shardline.lease.testing.StoreOperation;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The leader's coverage check over the in-memory lease table and the fake Kinesis. */
class LeaseMaintenanceTest {

    private final InMemoryLeaseStore leases = InMemoryLeaseStore.create();
    private final FakeKinesisProxy kinesis = new FakeKinesisProxy();
    private final ShardSyncer syncer = new ShardSyncer(kinesis, StreamRef.of("s"), leases,
            StartingPosition.latest(), "w1");
    private final LeaseMaintenance maintenance = new LeaseMaintenance(syncer, leases, "w1");

    @Test
    void aChildLeaseThatWasNeverCreatedIsRepairedFromListShards() {
        kinesis.shard("s0");
        syncer.sync();
        kinesis.split("s0", "s1", "s2");
        // The consumer of s0 reached its end, but only s1's lease got written before SHARD_END.
        leases.createIfAbsent(Lease.unowned("s1").withLineage(Set.of("s0"), Set.of(),
                kinesis.shard("s1").range()).withCheckpoint(Checkpoint.of("TRIM_HORIZON")));
        leases.put(leases.get("s0").orElseThrow().withCheckpoint(Checkpoint.of("SHARD_END")));

        assertThat(maintenance.checkCoverage()).hasSize(1);

        Lease repaired = leases.get("s2").orElseThrow();
        assertThat(repaired.parentLeaseKeys()).containsExactly("s0");
        assertThat(repaired.checkpoint()).as("a child of a consumed shard").isEqualTo(Checkpoint.of("TRIM_HORIZON"));
        assertThat(maintenance.checkCoverage()).isEmpty();
    }

    @Test
    void kclThreeRowsInTheTableDoNotSwitchTheCheckOff() {
        kinesis.shard("s0");
        syncer.sync();
        kinesis.split("s0", "s1", "s2");
        // KCL 3.5.1's leader lock and a worker's metrics row (no hash range, no checkpoint): not leases.
        leases.putItem(Map.of("leaseKey", s("Leader"), "entityType", s("LEADER"), "ownerName", s("kcl-w1"),
                "leaseDuration", s("20000"), "recordVersionNumber", s("5d6a7c3e")));
        leases.putItem(Map.of("leaseKey", s("kcl-w1"), "entityType", s("WORKER_METRIC_STATS"),
                "lut", AttributeValue.builder().n("1733400000").build()));
        leases.createIfAbsent(Lease.unowned("s1").withLineage(Set.of("s0"), Set.of(),
                kinesis.shard("s1").range()).withCheckpoint(Checkpoint.of("TRIM_HORIZON")));
        leases.put(leases.get("s0").orElseThrow().withCheckpoint(Checkpoint.of("SHARD_END")));

        assertThat(maintenance.checkCoverage()).as("the gap left by s2").hasSize(1);
        assertThat(leases.get("s2")).isPresent();
        assertThat(leases.list()).extracting(Lease::leaseKey).containsExactly("s0", "s1", "s2");
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    @Test
    void aCoveredTableCostsOneScanAndNoListShards() {
        kinesis.shard("s0");
        kinesis.split("s0", "s1", "s2");
        syncer.sync();
        leases.resetOperationCounts();
        int listed = kinesis.calls(FakeKinesisProxy.Operation.LIST_SHARDS);

        assertThat(maintenance.checkCoverage()).isEmpty();

        assertThat(leases.operationCounts().calls(StoreOperation.LIST)).isEqualTo(1);
        assertThat(kinesis.calls(FakeKinesisProxy.Operation.LIST_SHARDS)).isEqualTo(listed);
    }
}
