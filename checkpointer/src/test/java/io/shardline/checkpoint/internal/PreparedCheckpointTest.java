package io.shardline.checkpoint.internal;

import static io.shardline.checkpoint.ExtendedSequenceNumber.of;
import static io.shardline.checkpoint.ExtendedSequenceNumber.trimHorizon;
import static io.shardline.checkpoint.support.LeaseAssert.assertThatLease;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.CheckpointerConfig;
import io.shardline.checkpoint.Checkpointers;
import io.shardline.checkpoint.PreparedCheckpoint;
import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.checkpoint.support.Leases;
import io.shardline.lease.Lease;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PreparedCheckpointTest {

    private static final String SHARD = "shardId-000000000003";

    private final InMemoryLeaseStore store = InMemoryLeaseStore.create();
    private final List<String> lostLeases = new ArrayList<>();
    private ShardCheckpointer checkpointer;

    @BeforeEach
    void acquireAndDeliver() {
        Lease lease = Leases.createOwnedBy(store, SHARD, "w1");
        checkpointer = Checkpointers.fenced(store, CheckpointerConfig.defaults(), new SimpleMeterRegistry())
                .create(lease, trimHorizon(), lostLeases::add);
        checkpointer.recordDelivered(of("100"));
        checkpointer.checkpoint(of("100"));
        checkpointer.recordDelivered(of("400"));
    }

    @Test
    void prepareWritesThePendingCheckpointWithoutMovingTheCommittedOne() {
        PreparedCheckpoint prepared = checkpointer.prepareCheckpoint(of("300"), new byte[] {1, 2});

        assertThat(prepared.prepareResult()).isEqualTo(new CheckpointResult.Ok(of("300")));
        assertThatLease(store.get(SHARD))
                .hasCheckpoint("100")
                .hasPendingCheckpoint(of("300"))
                .hasPendingState(new byte[] {1, 2});
        assertThat(checkpointer.lastCheckpoint()).contains(of("100"));
    }

    @Test
    void commitMovesTheCheckpointWithTheStateAndClearsThePendingOne() {
        PreparedCheckpoint prepared = checkpointer.prepareCheckpoint(of("300"), new byte[] {1, 2});

        assertThat(prepared.commit()).isEqualTo(new CheckpointResult.Ok(of("300")));

        assertThatLease(store.get(SHARD))
                .hasCheckpoint("300")
                .hasState(new byte[] {1, 2})
                .hasNoPendingCheckpoint();
        assertThat(checkpointer.lastCheckpoint()).contains(of("300"));
    }

    @Test
    void prepareBehindTheLastCheckpointIsStaleAndCommitWritesNothing() {
        long callsBefore = Leases.checkpointCalls(store);

        PreparedCheckpoint prepared = checkpointer.prepareCheckpoint(of("50"));

        assertThat(prepared.prepareResult().isStale()).isTrue();
        assertThat(prepared.commit().isStale()).isTrue();
        assertThat(Leases.checkpointCalls(store)).isEqualTo(callsBefore);
        assertThatLease(store.get(SHARD)).hasCheckpoint("100").hasNoPendingCheckpoint();
    }

    @Test
    void commitAfterALaterCheckpointMovedPastItIsStale() {
        PreparedCheckpoint prepared = checkpointer.prepareCheckpoint(of("300"));
        checkpointer.checkpoint(of("400"));

        assertThat(prepared.commit().isStale()).isTrue();

        assertThatLease(store.get(SHARD)).hasCheckpoint("400");
    }

    @Test
    void commitAfterTheLeaseMovedReturnsLeaseLostAndKeepsTheNewOwnersRow() {
        PreparedCheckpoint prepared = checkpointer.prepareCheckpoint(of("300"));
        Leases.transferTo(store, SHARD, "w2");

        assertThat(prepared.commit().isLeaseLost()).isTrue();

        assertThat(lostLeases).containsExactly(SHARD);
        assertThatLease(store.get(SHARD)).isOwnedBy("w2").hasCheckpoint("100");
    }

    @Test
    void prepareBeyondTheLastDeliveredRecordIsRejected() {
        assertThatThrownBy(() -> checkpointer.prepareCheckpoint(of("401")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beyond the last record delivered");
    }

    @Test
    void commitOfAReplacedPrepareIsRejectedSoTheNewerPendingCheckpointSurvives() {
        PreparedCheckpoint older = checkpointer.prepareCheckpoint(of("200"));
        checkpointer.prepareCheckpoint(of("300"));

        assertThatThrownBy(older::commit)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("replaced by a later prepareCheckpoint");
        assertThatLease(store.get(SHARD)).hasCheckpoint("100").hasPendingCheckpoint(of("300"));
    }

    @Test
    void committingTwiceIsRejected() {
        PreparedCheckpoint prepared = checkpointer.prepareCheckpoint(of("300"));
        prepared.commit();

        assertThatThrownBy(prepared::commit)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already committed");
    }
}
