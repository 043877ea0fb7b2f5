package io.shardline.testing.contract;

import static io.shardline.testing.contract.LeaseAssert.assertFenced;
import static io.shardline.testing.contract.LeaseAssert.assertOk;
import static io.shardline.testing.contract.LeaseAssert.assertThatLease;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.Checkpoint;
import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.WriteResult;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LeaseStore} must have: conditional create, fenced transfer, handoff, checkpoint, delete,
 * lineage and reads. Extend it, implement {@link #createStore()}, and JUnit runs the whole kit against your store (as
 * Micrometer's {@code MeterRegistryCompatibilityKit} does for registries). Shardline runs it against
 * {@code InMemoryLeaseStore.create()} and against DynamoDB (dynalite, LocalStack or AWS).
 *
 * <p>The fenced writes are here; the reads ({@code list}, {@code listOwnedBy}, many pages) are in
 * {@link LeaseStoreReadsContract} and the fixture ({@link #createStore()}, helpers) in {@link LeaseStoreFixture},
 * both inherited.
 */
public abstract class LeaseStoreContract extends LeaseStoreKclRowsContract {

    // ---- create ----

    @Test
    void getOfMissingLeaseIsEmpty() {
        assertThat(store().get("shardId-000000000404")).isEmpty();
    }

    @Test
    void createIfAbsentCreatesAnUnownedLeaseWithCounterZero() {
        assertThat(store().createIfAbsent(Lease.unowned("shardId-0"))).isTrue();

        assertThat(store().get("shardId-0")).contains(Lease.unowned("shardId-0"));
    }

    @Test
    void createIfAbsentIsIdempotent() {
        Lease owned = ownedBy("shardId-0", A);

        assertThat(store().createIfAbsent(Lease.unowned("shardId-0"))).isFalse();

        assertThat(store().get("shardId-0")).contains(owned);
    }

    @Test
    void createIfAbsentUnderRaceCreatesTheRowOnce() throws Exception {
        List<Boolean> created = Concurrently.run(8, i -> store().createIfAbsent(
                Lease.unowned("shardId-0").withOwner("w" + i).withCounter(1)));

        assertThat(created).containsOnlyOnce(true);
        String winner = "w" + created.indexOf(true);
        assertThatLease(store().get("shardId-0").orElseThrow()).isOwnedBy(winner).hasCounter(1);
    }

    // ---- transfer ----

    @Test
    void transferIncrementsCounterAndClearsPendingOwner() {
        Lease lease = ownedBy("shardId-0", A);
        assertOk(store().requestHandoff(lease.token(), B));

        Lease moved = assertOk(store().transfer(lease.token(), B));

        assertThatLease(moved).isOwnedBy(B).hasCounter(lease.counter() + 1).hasNoPendingOwner()
                .hasOwnerSwitchesSinceCheckpoint(lease.ownerSwitchesSinceCheckpoint() + 1);
        assertThat(store().get("shardId-0")).contains(moved);
    }

    @Test
    void transferToNobodyReleasesTheLeaseAndTheNextTokenHasNoOwner() {
        Lease lease = ownedBy("shardId-0", A);

        Lease released = assertOk(store().transfer(lease.token(), null));

        assertThatLease(released).isUnowned().hasCounter(lease.counter() + 1);
        assertThat(released.token()).isEqualTo(new LeaseToken("shardId-0", null, lease.counter() + 1));
        assertThatLease(assertOk(store().transfer(released.token(), B))).isOwnedBy(B)
                .hasCounter(lease.counter() + 2);
    }

    @Test
    void transferWithStaleCounterIsFenced() {
        Lease lease = ownedBy("shardId-0", A);

        assertFenced(store().transfer(new LeaseToken("shardId-0", A, lease.counter() - 1), B));

        assertThat(store().get("shardId-0")).contains(lease);
    }

    @Test
    void transferWithWrongOwnerIsFenced() {
        Lease lease = ownedBy("shardId-0", A);

        assertFenced(store().transfer(new LeaseToken("shardId-0", B, lease.counter()), C));
        assertFenced(store().transfer(new LeaseToken("shardId-0", null, lease.counter()), C));

        assertThat(store().get("shardId-0")).contains(lease);
    }

    @Test
    void transferOfUnownedLeaseWithAnOwnerInTheTokenIsFenced() {
        Lease lease = created("shardId-0");

        assertFenced(store().transfer(new LeaseToken("shardId-0", A, lease.counter()), B));

        assertThat(store().get("shardId-0")).contains(lease);
    }

    @Test
    void transferOfMissingLeaseIsFencedAndCreatesNothing() {
        assertFenced(store().transfer(new LeaseToken("shardId-404", null, 0), A));

        assertThat(store().get("shardId-404")).isEmpty();
    }

    @Test
    void concurrentTransfersWithTheSameTokenHaveOneWinner() throws Exception {
        Lease lease = ownedBy("shardId-0", A);

        List<WriteResult> results = Concurrently.run(8, i -> store().transfer(lease.token(), "w" + i));

        assertThat(results).filteredOn(WriteResult::isOk).hasSize(1);
        Lease winner = results.stream().filter(WriteResult::isOk).map(LeaseAssert::assertOk).findFirst().orElseThrow();
        assertThatLease(winner).hasCounter(lease.counter() + 1);
        assertThat(store().get("shardId-0")).contains(winner);
    }

    // ---- checkpoint ----

    @Test
    void checkpointByZombieIsFenced() {
        Lease heldByA = ownedBy("shardId-0", A);
        assertOk(store().checkpoint(heldByA.token(), CheckpointUpdate.commit(Checkpoint.of("100"), bytes(1))));
        Lease heldByB = assertOk(store().transfer(heldByA.token(), B));
        Lease progressOfB = assertOk(store().checkpoint(heldByB.token(),
                CheckpointUpdate.commit(Checkpoint.of("200"), bytes(2))));

        assertFenced(store().checkpoint(heldByA.token(), CheckpointUpdate.commit(Checkpoint.of("150"), bytes(9))));
        assertFenced(store().checkpoint(heldByA.token(), CheckpointUpdate.prepare(Checkpoint.of("175"), bytes(9))));

        assertThat(store().get("shardId-0")).contains(progressOfB);
        assertThatLease(progressOfB).isOwnedBy(B).hasCheckpoint("200").hasState(bytes(2)).hasNoPendingCheckpoint();
    }

    @Test
    void checkpointStoresStateAndHandsItBack() {
        Lease heldByA = ownedBy("shardId-0", A);
        assertOk(store().checkpoint(heldByA.token(),
                CheckpointUpdate.commit(new Checkpoint("4961234", 2), bytes(7, 7, 7))));

        Lease heldByB = assertOk(store().transfer(heldByA.token(), B));

        assertThatLease(heldByB).isOwnedBy(B).hasCheckpoint(new Checkpoint("4961234", 2)).hasState(bytes(7, 7, 7));
        assertThatLease(store().get("shardId-0").orElseThrow()).hasState(bytes(7, 7, 7));
    }

    @Test
    void checkpointWithoutStateRemovesTheStoredState() {
        Lease lease = ownedBy("shardId-0", A);
        assertOk(store().checkpoint(lease.token(), CheckpointUpdate.commit(Checkpoint.of("1"), bytes(1))));

        Lease after = assertOk(store().checkpoint(lease.token(), CheckpointUpdate.commit(Checkpoint.of("2"), null)));

        assertThatLease(after).hasCheckpoint("2").hasState(null);
        assertThat(store().get("shardId-0")).contains(after);
    }

    @Test
    void checkpointKeepsOwnerCounterAndPendingOwner() {
        Lease lease = ownedBy("shardId-0", A);
        assertOk(store().requestHandoff(lease.token(), B));

        Lease after = assertOk(store().checkpoint(lease.token(), CheckpointUpdate.commit(Checkpoint.of("9"), null)));

        assertThatLease(after).isOwnedBy(A).hasCounter(lease.counter()).hasPendingOwner(B).hasCheckpoint("9");
    }

    @Test
    void committedCheckpointResetsOwnerSwitches() {
        Lease lease = ownedBy("shardId-0", A);
        lease = assertOk(store().transfer(lease.token(), B));
        lease = assertOk(store().transfer(lease.token(), A));
        assertThatLease(lease).hasOwnerSwitchesSinceCheckpoint(3);

        Lease prepared = assertOk(store().checkpoint(lease.token(), CheckpointUpdate.prepare(Checkpoint.of("5"),
                null)));
        Lease committed = assertOk(store().checkpoint(lease.token(), CheckpointUpdate.commit(Checkpoint.of("5"),
                null)));

        assertThatLease(prepared).hasOwnerSwitchesSinceCheckpoint(3);
        assertThatLease(committed).hasOwnerSwitchesSinceCheckpoint(0);
    }

    @Test
    void prepareThenCommit() {
        Lease lease = ownedBy("shardId-0", A);
        assertOk(store().checkpoint(lease.token(), CheckpointUpdate.commit(Checkpoint.of("10"), bytes(10))));

        Lease prepared = assertOk(store().checkpoint(lease.token(),
                CheckpointUpdate.prepare(new Checkpoint("20", 1), bytes(20))));

        assertThatLease(prepared).hasCheckpoint("10").hasState(bytes(10))
                .hasPendingCheckpoint(new Checkpoint("20", 1)).hasPendingState(bytes(20));
        assertThat(store().get("shardId-0")).contains(prepared);

        Lease committed = assertOk(store().checkpoint(lease.token(),
                CheckpointUpdate.commit(new Checkpoint("20", 1), bytes(21))));

        assertThatLease(committed).hasCheckpoint(new Checkpoint("20", 1)).hasState(bytes(21)).hasNoPendingCheckpoint();
        assertThat(store().get("shardId-0")).contains(committed);
    }

    @Test
    void preparedCheckpointIsHandedToTheNextOwner() {
        Lease lease = ownedBy("shardId-0", A);
        assertOk(store().checkpoint(lease.token(), CheckpointUpdate.prepare(Checkpoint.of("30"), bytes(3))));

        Lease heldByB = assertOk(store().transfer(lease.token(), B));

        assertThatLease(heldByB).hasPendingCheckpoint(Checkpoint.of("30")).hasPendingState(bytes(3));
    }

    @Test
    void clearingThePendingCheckpointAloneKeepsTheCommittedOne() {
        Lease lease = ownedBy("shardId-0", A);
        assertOk(store().checkpoint(lease.token(), CheckpointUpdate.commit(Checkpoint.of("10"), bytes(1))));
        assertOk(store().checkpoint(lease.token(), CheckpointUpdate.prepare(Checkpoint.of("20"), bytes(2))));

        Lease after = assertOk(store().checkpoint(lease.token(), new CheckpointUpdate(null, null, null, null, true)));

        assertThatLease(after).hasCheckpoint("10").hasState(bytes(1)).hasNoPendingCheckpoint();
    }

    @Test
    void prepareWithoutStateRemovesThePendingState() {
        Lease lease = ownedBy("shardId-0", A);
        assertOk(store().checkpoint(lease.token(), CheckpointUpdate.prepare(Checkpoint.of("20"), bytes(2))));

        Lease after = assertOk(store().checkpoint(lease.token(), CheckpointUpdate.prepare(Checkpoint.of("30"), null)));

        assertThatLease(after).hasPendingCheckpoint(Checkpoint.of("30")).hasPendingState(null);
    }

    @Test
    void checkpointOfMissingLeaseIsFencedAndCreatesNothing() {
        assertFenced(store().checkpoint(new LeaseToken("shardId-404", null, 0),
                CheckpointUpdate.commit(Checkpoint.of("1"), null)));

        assertThat(store().get("shardId-404")).isEmpty();
    }

    @Test
    void shardEndCheckpointRoundTrips() {
        Lease lease = ownedBy("shardId-0", A);

        assertOk(store().checkpoint(lease.token(), CheckpointUpdate.commit(Checkpoint.of(Checkpoint.SHARD_END),
                null)));

        assertThat(store().get("shardId-0").orElseThrow().checkpoint().isShardEnd()).isTrue();
    }

    // ---- handoff ----

    @Test
    void requestHandoffKeepsCounter() {
        Lease lease = ownedBy("shardId-0", A);

        Lease marked = assertOk(store().requestHandoff(lease.token(), B));

        assertThatLease(marked).isOwnedBy(A).hasCounter(lease.counter()).hasPendingOwner(B);
        assertThat(marked.token()).isEqualTo(lease.token());
        assertThat(store().get("shardId-0")).contains(marked);
    }

    @Test
    void ownerCanStillCheckpointWhileAHandoffIsPending() {
        Lease lease = ownedBy("shardId-0", A);
        assertOk(store().requestHandoff(lease.token(), B));

        assertOk(store().checkpoint(lease.token(), CheckpointUpdate.commit(Checkpoint.of("77"), bytes(7))));
        Lease handedOver = assertOk(store().transfer(lease.token(), B));

        assertThatLease(handedOver).isOwnedBy(B).hasCheckpoint("77").hasState(bytes(7)).hasNoPendingOwner();
    }

    @Test
    void requestHandoffToNobodyCancelsIt() {
        Lease lease = ownedBy("shardId-0", A);
        assertOk(store().requestHandoff(lease.token(), B));

        Lease cancelled = assertOk(store().requestHandoff(lease.token(), null));

        assertThatLease(cancelled).isOwnedBy(A).hasCounter(lease.counter()).hasNoPendingOwner();
    }

    @Test
    void requestHandoffWithStaleTokenIsFenced() {
        Lease lease = ownedBy("shardId-0", A);
        Lease moved = assertOk(store().transfer(lease.token(), B));

        assertFenced(store().requestHandoff(lease.token(), C));

        assertThat(store().get("shardId-0")).contains(moved);
    }

    // ---- delete ----

    @Test
    void deleteRemovesTheLeaseAndReturnsIt() {
        Lease lease = ownedBy("shardId-0", A);

        assertThat(assertOk(store().delete(lease.token()))).isEqualTo(lease);

        assertThat(store().get("shardId-0")).isEmpty();
    }

    @Test
    void deleteIsFenced() {
        Lease lease = ownedBy("shardId-0", A);

        assertFenced(store().delete(new LeaseToken("shardId-0", A, lease.counter() + 1)));
        assertFenced(store().delete(new LeaseToken("shardId-0", B, lease.counter())));

        assertThat(store().get("shardId-0")).contains(lease);
    }

    @Test
    void deleteOfMissingLeaseIsFenced() {
        assertFenced(store().delete(new LeaseToken("shardId-404", null, 0)));
    }

    // ---- lifecycle ----

    @Test
    void initializeTwiceIsHarmless() {
        Lease lease = ownedBy("shardId-0", A);

        store().initialize();

        assertThat(store().get("shardId-0")).contains(lease);
        assertThat(store().tableName()).isNotBlank();
    }
}
