package io.shardline.checkpoint.internal;

import static io.shardline.checkpoint.ExtendedSequenceNumber.of;
import static io.shardline.checkpoint.ExtendedSequenceNumber.shardEnd;
import static io.shardline.checkpoint.ExtendedSequenceNumber.trimHorizon;
import static io.shardline.checkpoint.support.LeaseAssert.assertThatLease;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.CheckpointException;
import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.CheckpointerConfig;
import io.shardline.checkpoint.CheckpointerFactory;
import io.shardline.checkpoint.Checkpointers;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.LeaseLostListener;
import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.checkpoint.support.Leases;
import io.shardline.lease.testing.InMemoryLeaseStore;
import io.shardline.lease.testing.StoreOperation;
import io.shardline.lease.Checkpoint;
import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStoreException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FencedCheckpointerTest {

    private static final String SHARD = "shardId-000000000001";

    private final InMemoryLeaseStore store = InMemoryLeaseStore.create();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> lostLeases = new ArrayList<>();
    private final CheckpointerFactory factory =
            Checkpointers.fenced(store, CheckpointerConfig.builder().maxStateBytes(16).build(), registry);

    private ShardCheckpointer acquire(String owner) {
        Lease lease = store.get(SHARD).isPresent()
                ? transferTo(owner)
                : Leases.createOwnedBy(store, SHARD, owner);
        return factory.create(lease, trimHorizon(), lostLeases::add);
    }

    private Lease transferTo(String owner) {
        return Leases.transferTo(store, SHARD, owner);
    }

    @Test
    void checkpointWritesThePositionToTheLeaseRow() {
        ShardCheckpointer checkpointer = acquire("w1");
        checkpointer.recordDelivered(of("300", 2));

        CheckpointResult result = checkpointer.checkpoint(of("300", 1));

        assertThat(result).isEqualTo(new CheckpointResult.Ok(of("300", 1)));
        assertThatLease(store.get(SHARD)).isOwnedBy("w1").hasCheckpoint(of("300", 1)).hasNoState();
        assertThat(checkpointer.lastCheckpoint()).contains(of("300", 1));
    }

    @Test
    void checkpointWithoutArgumentsWritesTheLastDeliveredRecord() {
        ShardCheckpointer checkpointer = acquire("w1");
        checkpointer.recordDelivered(of("100"));
        checkpointer.recordDelivered(of("250", 4));

        assertThat(checkpointer.checkpoint().isOk()).isTrue();

        assertThatLease(store.get(SHARD)).hasCheckpoint(of("250", 4));
    }

    @Test
    void checkpointWithStringsParsesSequenceAndSubSequenceNumber() {
        ShardCheckpointer checkpointer = acquire("w1");
        checkpointer.recordDelivered(of("250", 4));

        checkpointer.checkpoint("250", 3);

        assertThatLease(store.get(SHARD)).hasCheckpoint(of("250", 3));
    }

    @Test
    void checkpointBeforeAnyRecordWritesTheInitialPosition() {
        ShardCheckpointer checkpointer = acquire("w1");

        assertThat(checkpointer.checkpoint().isOk()).isTrue();

        assertThatLease(store.get(SHARD)).hasCheckpoint(trimHorizon());
    }

    @Test
    void startsFromTheCheckpointStoredInTheLeaseRatherThanTheInitialPosition() {
        Lease lease = Leases.createOwnedBy(store, SHARD, "w1");
        store.checkpoint(lease.token(), CheckpointUpdate.commit(new Checkpoint("500", 0), null));
        ShardCheckpointer checkpointer = factory.create(store.get(SHARD).orElseThrow(), trimHorizon(),
                LeaseLostListener.none());

        assertThat(checkpointer.lastCheckpoint()).contains(of("500"));
        assertThat(checkpointer.checkpoint(of("400")).isStale()).isTrue();
        assertThatThrownBy(() -> checkpointer.checkpoint(of("501")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zombieCheckpointAfterTransferReturnsLeaseLostAndLeavesTheNewOwnersCheckpointIntact() {
        ShardCheckpointer zombie = acquire("w1");
        zombie.recordDelivered(of("100"));
        ShardCheckpointer newOwner = acquire("w2");
        newOwner.recordDelivered(of("150"));
        assertThat(newOwner.checkpoint(of("150")).isOk()).isTrue();

        CheckpointResult result = zombie.checkpoint(of("100"));

        assertThat(result).isEqualTo(new CheckpointResult.LeaseLost(SHARD));
        assertThat(zombie.isLeaseLost()).isTrue();
        assertThat(lostLeases).containsExactly(SHARD);
        assertThatLease(store.get(SHARD)).isOwnedBy("w2").hasCheckpoint("150");
        assertThat(newOwner.isLeaseLost()).isFalse();
    }

    @Test
    void afterLosingTheLeaseLaterCheckpointsReturnLeaseLostWithoutWritingOrNotifyingAgain() {
        ShardCheckpointer zombie = acquire("w1");
        zombie.recordDelivered(of("100"));
        acquire("w2");
        zombie.checkpoint(of("90"));
        long callsAfterLoss = Leases.checkpointCalls(store);

        assertThat(zombie.checkpoint(of("100")).isLeaseLost()).isTrue();
        assertThat(zombie.checkpoint().isLeaseLost()).isTrue();

        assertThat(Leases.checkpointCalls(store)).isEqualTo(callsAfterLoss);
        assertThat(lostLeases).containsExactly(SHARD);
    }

    @Test
    void checkpointBehindTheLastOneIsStaleAndWritesNothing() {
        ShardCheckpointer checkpointer = acquire("w1");
        checkpointer.recordDelivered(of("200"));
        checkpointer.checkpoint(of("200"));
        long callsBefore = Leases.checkpointCalls(store);

        CheckpointResult result = checkpointer.checkpoint(of("199", 9));

        assertThat(result).isEqualTo(new CheckpointResult.Stale(of("199", 9), of("200")));
        assertThat(Leases.checkpointCalls(store)).isEqualTo(callsBefore);
        assertThatLease(store.get(SHARD)).hasCheckpoint("200");
        assertThat(checkpointer.lastCheckpoint()).contains(of("200"));
    }

    @Test
    void checkpointAtTheLastCommittedPositionIsWrittenAgain() {
        ShardCheckpointer checkpointer = acquire("w1");
        checkpointer.recordDelivered(of("200"));
        checkpointer.checkpoint(of("200"));

        assertThat(checkpointer.checkpoint(of("200"), new byte[] {7}).isOk()).isTrue();

        assertThatLease(store.get(SHARD)).hasCheckpoint("200").hasState(new byte[] {7});
    }

    @Test
    void checkpointBeyondTheLastDeliveredRecordIsRejectedWithoutWriting() {
        ShardCheckpointer checkpointer = acquire("w1");
        checkpointer.recordDelivered(of("200", 3));

        assertThatThrownBy(() -> checkpointer.checkpoint(of("200", 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("200/4 is beyond the last record delivered")
                .hasMessageContaining("200/3")
                .hasMessageContaining(SHARD);
        assertThat(Leases.checkpointCalls(store)).isZero();
    }

    @Test
    void startingSentinelIsNotACheckpoint() {
        ShardCheckpointer checkpointer = acquire("w1");
        checkpointer.recordDelivered(of("200"));

        assertThatThrownBy(() -> checkpointer.checkpoint(ExtendedSequenceNumber.latest()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LATEST is a starting position");
        assertThat(Leases.checkpointCalls(store)).isZero();
    }

    @Test
    void redeliveryOfEarlierRecordsDoesNotLowerTheCheckpointLimit() {
        ShardCheckpointer checkpointer = acquire("w1");
        checkpointer.recordDelivered(of("500"));
        checkpointer.recordDelivered(of("300"));

        assertThat(checkpointer.checkpoint().isOk()).isTrue();

        assertThatLease(store.get(SHARD)).hasCheckpoint("500");
    }

    @Test
    void deliveredPositionMustBeARealSequenceNumber() {
        ShardCheckpointer checkpointer = acquire("w1");

        assertThatThrownBy(() -> checkpointer.recordDelivered(shardEnd()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SHARD_END");
    }

    @Test
    void shardEndIsRejectedBeforeTheShardEnded() {
        ShardCheckpointer checkpointer = acquire("w1");
        checkpointer.recordDelivered(of("900"));

        assertThatThrownBy(() -> checkpointer.checkpoint(shardEnd()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SHARD_END can only be checkpointed once the shard ended")
                .hasMessageContaining("900");
        assertThat(Leases.checkpointCalls(store)).isZero();
    }

    @Test
    void shardEndIsWrittenOnceTheShardEndedAndNothingMovesAfterIt() {
        ShardCheckpointer checkpointer = acquire("w1");
        checkpointer.recordDelivered(of("900"));
        checkpointer.shardEnded();

        assertThat(checkpointer.checkpoint(shardEnd()).isOk()).isTrue();
        assertThatLease(store.get(SHARD)).hasCheckpoint(shardEnd());

        assertThat(checkpointer.checkpoint(of("900")).isStale()).isTrue();
        assertThatLease(store.get(SHARD)).hasCheckpoint(shardEnd());
    }

    @Test
    void checkpointWithoutArgumentsAfterTheShardEndedWritesShardEnd() {
        ShardCheckpointer checkpointer = acquire("w1");
        checkpointer.recordDelivered(of("900"));
        checkpointer.shardEnded();

        checkpointer.checkpoint();

        assertThatLease(store.get(SHARD)).hasCheckpoint(shardEnd());
    }

    @Test
    void storageFailureSurfacesAsCheckpointExceptionAndKeepsTheLastCheckpoint() {
        ShardCheckpointer checkpointer = acquire("w1");
        checkpointer.recordDelivered(of("200"));
        checkpointer.checkpoint(of("100"));
        LeaseStoreException outage = new LeaseStoreException("throttled", store.tableName(), SHARD, true, null);
        store.injectFault(StoreOperation.CHECKPOINT, leaseKey -> outage);

        assertThatThrownBy(() -> checkpointer.checkpoint(of("200")))
                .isInstanceOfSatisfying(CheckpointException.class, e -> {
                    assertThat(e.leaseKey()).isEqualTo(SHARD);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getCause()).isSameAs(outage);
                    assertThat(e.getMessage()).contains(store.tableName(), SHARD);
                });
        assertThat(checkpointer.lastCheckpoint()).contains(of("100"));
        assertThat(checkpointer.isLeaseLost()).isFalse();

        store.clearFaults();
        assertThat(checkpointer.checkpoint(of("200")).isOk()).isTrue();
        assertThatLease(store.get(SHARD)).hasCheckpoint("200");
    }

    @Test
    void closedCheckpointerRejectsCalls() {
        ShardCheckpointer checkpointer = acquire("w1");
        checkpointer.recordDelivered(of("200"));
        checkpointer.close();
        checkpointer.close();

        assertThatThrownBy(checkpointer::checkpoint)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(Leases.checkpointCalls(store)).isZero();
    }

    @Test
    void failingLeaseLostListenerDoesNotHideTheOutcome() {
        Lease lease = Leases.createOwnedBy(store, SHARD, "w1");
        ShardCheckpointer zombie = factory.create(lease, trimHorizon(), key -> {
            throw new IllegalStateException("listener bug");
        });
        zombie.recordDelivered(of("100"));
        transferTo("w2");

        assertThat(zombie.checkpoint().isLeaseLost()).isTrue();
    }

    @Test
    void factoryRejectsAnUnownedLeaseAndShardEndAsInitialPosition() {
        store.createIfAbsent(Lease.unowned(SHARD));
        Lease unowned = store.get(SHARD).orElseThrow();

        assertThatThrownBy(() -> factory.create(unowned, trimHorizon(), LeaseLostListener.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(SHARD)
                .hasMessageContaining("no owner");
        Lease owned = transferTo("w1");
        assertThatThrownBy(() -> factory.create(owned, shardEnd(), LeaseLostListener.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initialPosition");
    }
}
