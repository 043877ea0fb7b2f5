package io.shardline.checkpoint.internal;

import static io.shardline.checkpoint.ExtendedSequenceNumber.of;
import static io.shardline.checkpoint.ExtendedSequenceNumber.trimHorizon;
import static io.shardline.checkpoint.support.LeaseAssert.assertThatLease;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.CheckpointerConfig;
import io.shardline.checkpoint.CheckpointerFactory;
import io.shardline.checkpoint.Checkpointers;
import io.shardline.checkpoint.LeaseLostListener;
import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.checkpoint.support.Leases;
import io.shardline.lease.Lease;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CheckpointStateTest {

    private static final String SHARD = "shardId-000000000007";

    private final InMemoryLeaseStore store = InMemoryLeaseStore.create();
    private final CheckpointerFactory factory = Checkpointers.fenced(
            store, CheckpointerConfig.builder().maxStateBytes(16).build(), new SimpleMeterRegistry());

    private ShardCheckpointer acquire(Lease lease) {
        return factory.create(lease, trimHorizon(), LeaseLostListener.none());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void stateIsWrittenWithTheCheckpointAndHandedToTheNextOwner() {
        ShardCheckpointer first = acquire(Leases.createOwnedBy(store, SHARD, "w1"));
        first.recordDelivered(of("700"));

        assertThat(first.checkpoint(of("700"), bytes("count=42")).isOk()).isTrue();

        assertThatLease(store.get(SHARD)).hasCheckpoint("700").hasState(bytes("count=42"));
        Leases.transferTo(store, SHARD, "w2");
        Lease handedOver = store.get(SHARD).orElseThrow();
        assertThat(handedOver.state()).isEqualTo(bytes("count=42"));
        assertThat(acquire(handedOver).lastCheckpoint()).contains(of("700"));
    }

    @Test
    void callerMutatingItsArrayAfterCheckpointDoesNotChangeTheStoredState() {
        ShardCheckpointer checkpointer = acquire(Leases.createOwnedBy(store, SHARD, "w1"));
        checkpointer.recordDelivered(of("700"));
        byte[] state = bytes("abc");

        checkpointer.checkpoint(of("700"), state);
        state[0] = 'X';

        assertThatLease(store.get(SHARD)).hasState(bytes("abc"));
    }

    @Test
    void checkpointWithoutStateRemovesTheStateOfTheEarlierPosition() {
        ShardCheckpointer checkpointer = acquire(Leases.createOwnedBy(store, SHARD, "w1"));
        checkpointer.recordDelivered(of("800"));
        checkpointer.checkpoint(of("700"), bytes("count=42"));

        checkpointer.checkpoint(of("800"));

        assertThatLease(store.get(SHARD)).hasCheckpoint("800").hasNoState();
    }

    @Test
    void checkpointWithoutArgumentsWithNothingNewKeepsTheStoredStateAndWritesNothing() {
        ShardCheckpointer checkpointer = acquire(Leases.createOwnedBy(store, SHARD, "w1"));
        checkpointer.recordDelivered(of("700"));
        checkpointer.checkpoint(of("700"), bytes("count=42"));
        long callsBefore = Leases.checkpointCalls(store);

        assertThat(checkpointer.checkpoint()).isEqualTo(new CheckpointResult.Ok(of("700")));

        assertThat(Leases.checkpointCalls(store)).isEqualTo(callsBefore);
        assertThatLease(store.get(SHARD)).hasCheckpoint("700").hasState(bytes("count=42"));
    }

    @Test
    void nextOwnerCheckpointingWithoutArgumentsBeforeNewRecordsKeepsTheHandedOverState() {
        ShardCheckpointer first = acquire(Leases.createOwnedBy(store, SHARD, "w1"));
        first.recordDelivered(of("700"));
        first.checkpoint(of("700"), bytes("count=42"));
        Leases.transferTo(store, SHARD, "w2");
        ShardCheckpointer second = acquire(store.get(SHARD).orElseThrow());

        assertThat(second.checkpoint().isOk()).isTrue();

        assertThatLease(store.get(SHARD)).isOwnedBy("w2").hasCheckpoint("700").hasState(bytes("count=42"));
    }

    @Test
    void stateAtTheCapIsAccepted() {
        ShardCheckpointer checkpointer = acquire(Leases.createOwnedBy(store, SHARD, "w1"));
        checkpointer.recordDelivered(of("700"));

        assertThat(checkpointer.checkpoint(of("700"), new byte[16]).isOk()).isTrue();

        assertThatLease(store.get(SHARD)).hasState(new byte[16]);
    }

    @Test
    void stateLargerThanTheCapIsRejectedNamingSizeAndCapWithoutWriting() {
        ShardCheckpointer checkpointer = acquire(Leases.createOwnedBy(store, SHARD, "w1"));
        checkpointer.recordDelivered(of("700"));

        assertThatThrownBy(() -> checkpointer.checkpoint(of("700"), new byte[17]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state of 17 bytes exceeds maxStateBytes 16")
                .hasMessageContaining(SHARD);
        assertThatThrownBy(() -> checkpointer.prepareCheckpoint(of("700"), new byte[17]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state of 17 bytes exceeds maxStateBytes 16");
        assertThat(Leases.checkpointCalls(store)).isZero();
        assertThatLease(store.get(SHARD)).hasNoCheckpoint().hasNoState();
    }
}
