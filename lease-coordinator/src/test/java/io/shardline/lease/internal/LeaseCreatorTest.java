package io.shardline.lease.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.lease.Lease;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.testing.InMemoryCoordinationStore;
import io.shardline.lease.testing.InMemoryLeaseStore;
import io.shardline.lease.testing.StoreOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The concurrent creates of {@link LeaseCreator}: every lease once, children after their parents, failures surface. */
class LeaseCreatorTest {

    private final InMemoryLeaseStore leases = InMemoryLeaseStore.create();
    private final InMemoryCoordinationStore coordination = InMemoryCoordinationStore.create();
    private final LeaseCreator creator = new LeaseCreator(LeaseCoordinatorConfig.builder().workerId("w1").build(),
            leases, coordination);
    private int syncRequests;

    /** w1 has heartbeated twice: settled. */
    @BeforeEach
    void settle() {
        coordination.heartbeat("w1", false);
        coordination.heartbeat("w1", false);
    }

    @Test
    void aChildGoesOneWaveAfterItsLatestParentBeingCreatedAndTheOthersInTheFirst() {
        Lease root = Lease.unowned("root");
        Lease other = Lease.unowned("other");
        Lease child = child("child", "root");
        Lease grandchild = child("grandchild", "child", "other");
        Lease orphanChild = child("orphan-child", "already-in-table");

        assertThat(LeaseCreator.waves(List.of(root, other, child, grandchild, orphanChild)))
                .containsExactly(List.of(root, other, orphanChild), List.of(child), List.of(grandchild));
    }

    @Test
    void createsEveryLeaseOnceAndReturnsWhatItCreated() {
        List<Lease> planned = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            planned.add(Lease.unowned("shard-" + i));
        }
        leases.createIfAbsent(Lease.unowned("shard-7").withOwner("w2").withCounter(1));

        List<Lease> created = creator.create(List.of(), planned, true, () -> syncRequests++);

        assertThat(created).hasSize(49).allMatch(l -> l.isOwnedBy("w1"));
        assertThat(syncRequests).isEqualTo(1);
        assertThat(leases.operationCounts().calls(StoreOperation.CREATE_IF_ABSENT)).isEqualTo(51);
        assertThat(leases.get("shard-7").orElseThrow().owner()).isEqualTo("w2");
    }

    @Test
    void aFailedCreateIsRethrownAfterItsWaveAndTheLaterWavesAreNotWritten() {
        leases.injectFault(StoreOperation.CREATE_IF_ABSENT, key -> key.equals("root-1")
                ? new LeaseStoreException("injected", "leases", key, true, null) : null);

        assertThatThrownBy(() -> creator.create(List.of(),
                List.of(Lease.unowned("root-1"), Lease.unowned("root-2"), child("child", "root-2")), true,
                () -> syncRequests++))
                .isInstanceOf(LeaseStoreException.class).hasMessageContaining("injected");
        assertThat(leases.get("root-2")).as("same wave: written").isPresent();
        assertThat(leases.get("child")).as("next wave: not written").isEmpty();
    }

    @Test
    void aWaveLargerThanAChunkIsDecidedChunkByChunkAndEachOwnedChunkAsksForASync() {
        List<Lease> planned = new ArrayList<>();
        for (int i = 0; i < LeaseCreator.CHUNK * 2 + 1; i++) {
            planned.add(Lease.unowned("shard-" + i));
        }

        List<Lease> created = creator.create(List.of(), planned, true, () -> syncRequests++);

        assertThat(created).hasSize(planned.size()).allMatch(l -> l.isOwnedBy("w1"));
        assertThat(coordination.operationCounts().calls(StoreOperation.LIST_MEMBERS)).isEqualTo(3);
        assertThat(syncRequests).isEqualTo(3);
    }

    private static Lease child(String key, String... parents) {
        return Lease.unowned(key).withLineage(Set.of(parents), Set.of(), null);
    }
}
