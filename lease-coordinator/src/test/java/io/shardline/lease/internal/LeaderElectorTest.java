package io.shardline.lease.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.LeaderRecord;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseListener;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.testing.InMemoryCoordinationStore;
import io.shardline.lease.testing.InMemoryLeaseStore;
import io.shardline.lease.testing.StoreOperation;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaderElectorTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private final InMemoryCoordinationStore coordination = InMemoryCoordinationStore.create();

    private LeaderElector elector(String id) {
        LeaseCoordinatorConfig config = LeaseCoordinatorConfig.builder().workerId(id).build();
        CoordinatorCounters counters = new CoordinatorCounters();
        CoordinatorContext ctx = new CoordinatorContext(config, InMemoryLeaseStore.create(), coordination, counters,
                new StoreGuard(id, counters), new EventDispatcher(id, LeaseListener.noOp(), counters));
        return new LeaderElector(ctx);
    }

    @Test
    void twoCandidatesThatBothSeeNoLeaderTryAtOnceAndExactlyOneWins() {
        LeaderElector a = elector("a");
        LeaderElector b = elector("b");
        a.observe(null, T0);
        b.observe(null, T0);

        boolean aWon = a.round(T0, true);
        boolean bWon = b.round(T0, true);

        assertThat(aWon ^ bWon).isTrue();
        assertThat(coordination.readLeader().holder()).isEqualTo(aWon ? "a" : "b");
    }

    @Test
    void twoCandidatesThatBothSeeTheSameExpiredLeaderTryAtOnceAndExactlyOneWins() {
        LeaderRecord dead = coordination.tryAcquireLeader("dead", null);
        LeaderElector a = elector("a");
        LeaderElector b = elector("b");
        a.observe(dead, T0);
        b.observe(dead, T0);
        Instant later = T0.plus(Duration.ofSeconds(3));
        a.observe(dead, later);
        b.observe(dead, later);

        boolean aWon = a.round(later, true);
        boolean bWon = b.round(later, true);

        assertThat(aWon ^ bWon).isTrue();
        assertThat(coordination.readLeader().term()).isEqualTo(dead.term() + 1);
    }

    @Test
    void liveLeaderIsNotChallengedBeforeFailoverTimeoutOfNoChange() {
        LeaderRecord leader = coordination.tryAcquireLeader("leader", null);
        LeaderElector a = elector("a");
        a.observe(leader, T0);
        a.observe(leader, T0.plus(Duration.ofMillis(2999)));

        assertThat(a.round(T0.plus(Duration.ofMillis(2999)), true)).isFalse();
        a.observe(leader, T0.plus(Duration.ofSeconds(3)));
        assertThat(a.round(T0.plus(Duration.ofSeconds(3)), true)).isTrue();
    }

    @Test
    void leaderThatCannotRenewStepsDownBeforePeersMayTakeOver() {
        LeaderElector a = elector("a");
        a.observe(null, T0);
        a.round(T0, true);
        coordination.injectFault(StoreOperation.RENEW_LEADER,
                h -> new LeaseStoreException("throttled", "c", null, true, null));

        a.round(T0.plus(Duration.ofSeconds(1)), true);
        a.round(T0.plus(Duration.ofSeconds(2)), true);
        assertThat(a.isLeader()).isTrue();
        a.round(T0.plus(Duration.ofMillis(2250)), true);

        assertThat(a.isLeader()).isFalse();
        assertThat(a.fenceDeadline()).isNull();
    }

    @Test
    void leaderWhoseItemWasTakenStepsDownOnItsNextRenewal() {
        LeaderElector a = elector("a");
        a.observe(null, T0);
        a.round(T0, true);
        LeaderRecord mine = coordination.readLeader();
        coordination.releaseLeader(mine);
        coordination.tryAcquireLeader("b", null);

        a.round(T0.plus(Duration.ofSeconds(1)), true);

        assertThat(a.isLeader()).isFalse();
    }
}
