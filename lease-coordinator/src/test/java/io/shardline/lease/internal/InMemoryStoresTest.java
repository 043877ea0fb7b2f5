package io.shardline.lease.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.lease.Checkpoint;
import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.LeaderRecord;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.testing.InMemoryCoordinationStore;
import io.shardline.lease.testing.InMemoryLeaseStore;
import io.shardline.lease.testing.OperationCounts;
import io.shardline.lease.testing.StoreOperation;
import io.shardline.lease.WriteResult;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What the contract kit in testing/ does not cover: cost counters, fault injection and atomicity under threads.
 * (Semantics are checked by {@code LeaseStoreContract}/{@code CoordinationStoreContract}.)
 */
class InMemoryStoresTest {

    private final InMemoryLeaseStore leases = InMemoryLeaseStore.create();
    private final InMemoryCoordinationStore coordination = InMemoryCoordinationStore.create();

    @Test
    void transferMovesOwnerBumpsCounterAndSwitchesAndClearsPendingOwnerReturningTheNewRow() {
        leases.createIfAbsent(Lease.unowned("a"));
        Lease owned = ((WriteResult.Ok) leases.transfer(new LeaseToken("a", null, 0), "w1")).lease();
        leases.requestHandoff(owned.token(), "w2");

        WriteResult moved = leases.transfer(owned.token(), "w2");

        assertThat(moved).isInstanceOf(WriteResult.Ok.class);
        Lease after = ((WriteResult.Ok) moved).lease();
        assertThat(after.owner()).isEqualTo("w2");
        assertThat(after.counter()).isEqualTo(2);
        assertThat(after.ownerSwitchesSinceCheckpoint()).isEqualTo(2);
        assertThat(after.pendingOwner()).isNull();
        assertThat(leases.get("a")).contains(after);
    }

    @Test
    void requestHandoffKeepsTheCounterSoTheOwnerCanStillCheckpoint() {
        leases.createIfAbsent(Lease.unowned("a"));
        LeaseToken token = ((WriteResult.Ok) leases.transfer(new LeaseToken("a", null, 0), "w1")).lease().token();

        leases.requestHandoff(token, "w2");
        WriteResult checkpoint = leases.checkpoint(token, CheckpointUpdate.commit(Checkpoint.of("42"), null));

        assertThat(checkpoint).isInstanceOf(WriteResult.Ok.class);
        Lease after = ((WriteResult.Ok) checkpoint).lease();
        assertThat(after.pendingOwner()).isEqualTo("w2");
        assertThat(after.ownerSwitchesSinceCheckpoint()).isZero();
        assertThat(after.counter()).isEqualTo(token.counter());
    }

    @Test
    void staleTokenIsFencedAndWritesNothing() {
        leases.createIfAbsent(Lease.unowned("a"));
        leases.transfer(new LeaseToken("a", null, 0), "w1");

        WriteResult zombie = leases.checkpoint(new LeaseToken("a", null, 0),
                CheckpointUpdate.commit(Checkpoint.of("1"), null));

        assertThat(zombie).isEqualTo(WriteResult.fenced("a"));
        assertThat(leases.get("a").orElseThrow().checkpoint()).isNull();
    }

    @Test
    void countsCallsWritesAndItemsReadPerOperation() {
        IntStream.range(0, 5).forEach(i -> leases.createIfAbsent(Lease.unowned("l" + i)));
        leases.resetOperationCounts();

        leases.list();
        leases.get("l1");
        leases.transfer(new LeaseToken("l1", "nobody", 9), "w1"); // fenced: still a write

        OperationCounts counts = leases.operationCounts();
        assertThat(counts.reads()).isEqualTo(2);
        assertThat(counts.writes()).isEqualTo(1);
        assertThat(counts.itemsRead()).isEqualTo(6);
        assertThat(counts.itemsRead(StoreOperation.LIST)).isEqualTo(5);
        assertThat(counts.calls(StoreOperation.TRANSFER)).isEqualTo(1);
    }

    @Test
    void failNextThrowsOnceWithoutCountingOrWriting() {
        leases.failNext(StoreOperation.CREATE_IF_ABSENT, () -> new LeaseStoreException("throttled", "t", "a", true,
                null));

        assertThatThrownBy(() -> leases.createIfAbsent(Lease.unowned("a"))).isInstanceOf(LeaseStoreException.class);
        assertThat(leases.get("a")).isEmpty();
        assertThat(leases.createIfAbsent(Lease.unowned("a"))).isTrue();
        assertThat(leases.operationCounts().calls(StoreOperation.CREATE_IF_ABSENT)).isEqualTo(1);
    }

    @Test
    void standingFaultSeesTheSubjectSoOneWorkersOutageCanBeSimulated() {
        coordination.injectFault(StoreOperation.HEARTBEAT,
                member -> member.equals("w2") ? new IllegalStateException("partitioned") : null);

        coordination.heartbeat("w1", false);
        assertThatThrownBy(() -> coordination.heartbeat("w2", false)).hasMessage("partitioned");
        coordination.clearFaults();
        coordination.heartbeat("w2", false);

        assertThat(coordination.listMembers()).extracting(m -> m.memberId() + "=" + m.heartbeat())
                .containsExactly("w1=1", "w2=1");
    }

    @Test
    void heartbeatReturnsTheItemAfterTheWriteWithTheInboxVersion() {
        coordination.heartbeat("w1", false);
        coordination.notifyMember("w1");
        coordination.notifyMember("absent");

        assertThat(coordination.heartbeat("w1", true))
                .isEqualTo(new io.shardline.lease.Member("w1", 2, 1, true));
        assertThat(coordination.listMembers()).hasSize(1);
    }

    @Test
    void onlyOneOfManyConcurrentTransfersWithTheSameTokenWins() throws Exception {
        leases.createIfAbsent(Lease.unowned("a"));
        List<WriteResult> results = concurrently(16, i -> () -> leases.transfer(new LeaseToken("a", null, 0), "w" + i));

        assertThat(results).filteredOn(WriteResult::isOk).hasSize(1);
        assertThat(leases.get("a").orElseThrow().counter()).isEqualTo(1);
    }

    @Test
    void onlyOneOfManyConcurrentLeaderCandidatesWins() throws Exception {
        LeaderRecord expired = coordination.tryAcquireLeader("old", null);

        List<LeaderRecord> results = concurrently(16, i -> () -> coordination.tryAcquireLeader("c" + i, expired));

        assertThat(results).filteredOn(Objects::nonNull).hasSize(1)
                .allSatisfy(r -> assertThat(r.term()).isEqualTo(2));
        assertThat(coordination.renewLeader(expired)).isNull();
    }

    private static <T> List<T> concurrently(int n, java.util.function.IntFunction<Callable<T>> task)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = IntStream.range(0, n).mapToObj(i -> pool.submit(() -> {
                start.await();
                return task.apply(i).call();
            })).toList();
            start.countDown();
            List<T> out = new java.util.ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
