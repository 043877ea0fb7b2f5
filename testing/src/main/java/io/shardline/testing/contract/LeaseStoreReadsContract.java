package io.shardline.testing.contract;

import static io.shardline.testing.contract.LeaseAssert.assertFenced;
import static io.shardline.testing.contract.LeaseAssert.assertOk;
import static io.shardline.testing.contract.LeaseAssert.assertThatLease;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardline.lease.Checkpoint;
import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.HashKeyRange;
import io.shardline.lease.Lease;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The round trips and reads of {@link LeaseStoreContract}: every field (lineage, state bytes) reads back as written,
 * {@code list} reads every page, {@code listOwnedBy} (an owner index that may lag) never returns a lease its owner
 * has lost. Extend {@link LeaseStoreContract}, not this class.
 */
public abstract class LeaseStoreReadsContract extends LeaseStoreFixture {

    // ---- round trips ----

    @Test
    void createIfAbsentStoresEveryField() {
        Lease full = new Lease("stream:shardId-7", A, 7, new Checkpoint("4961234567890", 3),
                new Checkpoint("4961234567999", 5), 2, Set.of("shardId-1", "shardId-2"), Set.of("shardId-9"),
                HashKeyRange.of("0", "170141183460469231731687303715884105727"), B, bytes(1, 2, 3), bytes(4, 5));

        assertThat(store().createIfAbsent(full)).isTrue();

        assertThat(store().get(full.leaseKey())).contains(full);
    }

    @Test
    void lineageRoundTrips() {
        Lease child = Lease.unowned("shardId-3").withLineage(Set.of("shardId-1", "shardId-2"), Set.of(),
                HashKeyRange.of("0", "340282366920938463463374607431768211455"));
        store().createIfAbsent(child);
        Lease parent = ownedBy("shardId-1", A);

        Lease updated = assertOk(store().updateChildren("shardId-1", List.of("shardId-3", "shardId-4")));

        assertThat(updated.childLeaseKeys()).containsExactlyInAnyOrder("shardId-3", "shardId-4");
        assertThatLease(updated).isOwnedBy(A).hasCounter(parent.counter());
        assertThat(store().get("shardId-1")).contains(updated);
        Lease readChild = store().get("shardId-3").orElseThrow();
        assertThat(readChild.parentLeaseKeys()).containsExactlyInAnyOrder("shardId-1", "shardId-2");
        assertThat(readChild.hashKeyRange()).isEqualTo(child.hashKeyRange());
        assertThat(readChild.childLeaseKeys()).isEmpty();
    }

    @Test
    void updateChildrenOfMissingLeaseIsFencedAndCreatesNothing() {
        assertFenced(store().updateChildren("shardId-404", List.of("shardId-405")));

        assertThat(store().get("shardId-404")).isEmpty();
    }

    @Test
    void stateBytesRoundTrip() {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        byte[] large = new byte[64 * 1024];
        new Random(42).nextBytes(large);
        Lease lease = ownedBy("shardId-0", A);

        Lease afterCommit = assertOk(store().checkpoint(lease.token(),
                CheckpointUpdate.commit(Checkpoint.of("100"), everyByte)));
        Lease afterPrepare = assertOk(store().checkpoint(lease.token(),
                CheckpointUpdate.prepare(Checkpoint.of("200"), large)));

        assertThatLease(afterCommit).hasState(everyByte);
        assertThatLease(afterPrepare).hasState(everyByte).hasPendingState(large);
        assertThatLease(store().get("shardId-0").orElseThrow()).hasState(everyByte).hasPendingState(large);
    }

    @Test
    void emptyStateIsNotNoState() {
        Lease lease = ownedBy("shardId-0", A);

        assertOk(store().checkpoint(lease.token(), CheckpointUpdate.commit(Checkpoint.of("1"), new byte[0])));

        assertThatLease(store().get("shardId-0").orElseThrow()).hasState(new byte[0]);
    }

    // ---- list ----

    @Test
    void listOfEmptyTableIsEmpty() {
        assertThat(store().list()).isEmpty();
    }

    @Test
    void listReturnsEveryLeaseAsStored() {
        Lease a = ownedBy("shardId-0", A);
        Lease b = ownedBy("shardId-1", B);
        Lease unowned = created("shardId-2");

        assertThat(store().list()).containsExactlyInAnyOrder(a, b, unowned);
    }

    @Test
    void listReadsEveryPage() {
        // 12 leases of ~100 KiB each are more than one 1 MB DynamoDB scan page.
        Random random = new Random(7);
        List<Lease> leases = IntStream.range(0, 12).mapToObj(i -> {
            byte[] state = new byte[100 * 1024];
            random.nextBytes(state);
            Lease lease = ownedBy("shardId-" + i, A);
            return assertOk(store().checkpoint(lease.token(), CheckpointUpdate.commit(Checkpoint.of("" + i), state)));
        }).toList();

        assertThat(store().list()).containsExactlyInAnyOrderElementsOf(leases);
    }

    @Test
    void listOwnedByReturnsOnlyThatOwnersLeases() {
        Lease a1 = ownedBy("shardId-1", A);
        Lease a2 = ownedBy("shardId-2", A);
        Lease b3 = ownedBy("shardId-3", B);
        created("shardId-4");

        awaitIndex().untilAsserted(() -> assertThat(store().listOwnedBy(A)).containsExactlyInAnyOrder(a1, a2));
        awaitIndex().untilAsserted(() -> assertThat(store().listOwnedBy(B)).containsExactly(b3));
        assertThat(store().listOwnedBy(C)).isEmpty();
    }

    @Test
    void aLeaseCreatedAlreadyOwnedIsListedByItsOwner() {
        Lease owned = Lease.unowned("shardId-5").withOwner(A).withCounter(1);
        assertThat(store().createIfAbsent(owned)).isTrue();

        awaitIndex().untilAsserted(() -> assertThat(store().listOwnedBy(A)).containsExactly(owned));
        assertThat(store().createIfAbsent(Lease.unowned("shardId-5"))).as("still a conditional create").isFalse();
        assertThat(store().get("shardId-5")).contains(owned);
    }

    @Test
    void listOwnedByNeverReturnsALeaseItsOwnerLost() {
        Lease lease = ownedBy("shardId-1", A);
        Lease kept = ownedBy("shardId-2", A);
        awaitIndex().untilAsserted(() -> assertThat(store().listOwnedBy(A)).hasSize(2));

        assertOk(store().transfer(lease.token(), B));

        // No waiting here: whatever the index says, a lease A no longer owns must not be reported as A's.
        assertThat(store().listOwnedBy(A)).containsExactly(kept);
    }

    @Test
    void listOwnedByReturnsTheCurrentRowNotAStaleCopy() {
        Lease lease = ownedBy("shardId-1", A);
        awaitIndex().untilAsserted(() -> assertThat(store().listOwnedBy(A)).hasSize(1));

        Lease checkpointed = assertOk(store().checkpoint(lease.token(),
                CheckpointUpdate.commit(Checkpoint.of("12345"), bytes(5))));

        assertThat(store().listOwnedBy(A)).containsExactly(checkpointed);
    }

    @Test
    void listOwnedByReadsMoreThanOneBatch() {
        // More than 100 leases: DynamoDB's BatchGetItem reads at most 100 keys per call.
        List<Lease> leases = IntStream.range(0, 105).mapToObj(i -> ownedBy(String.format("shardId-%03d", i), A))
                .toList();
        ownedBy("shardId-b", B);

        awaitIndex().untilAsserted(() -> assertThat(store().listOwnedBy(A)).containsExactlyInAnyOrderElementsOf(leases));
    }

    @Test
    void releasedLeaseIsNobodysLease() {
        Lease lease = ownedBy("shardId-1", A);

        Lease released = assertOk(store().transfer(lease.token(), null));

        assertThat(store().listOwnedBy(A)).isEmpty();
        assertThatLease(store().list().get(0)).isUnowned().hasCounter(released.counter());
    }

    private org.awaitility.core.ConditionFactory awaitIndex() {
        return await().atMost(ownerIndexLag()).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50));
    }
}
