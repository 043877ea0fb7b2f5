package io.shardline.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaderRecord;
import io.shardline.lease.Member;
import io.shardline.lease.testing.InMemoryCoordinationStore;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CoordinationStore} must have: member heartbeats and inboxes, and a leader item taken,
 * renewed, taken over and released with conditional writes. Extend it and implement {@link #createStore()}; Shardline
 * runs it against {@code InMemoryCoordinationStore.create()} and against DynamoDB.
 */
public abstract class CoordinationStoreContract {

    protected static final String A = "worker-a";
    protected static final String B = "worker-b";
    protected static final String C = "worker-c";

    private CoordinationStore store;

    /** A store over a new, empty table, called before each test; the kit calls {@link CoordinationStore#initialize()}. */
    protected abstract CoordinationStore createStore();

    @BeforeEach
    final void createAndInitializeStore() {
        store = createStore();
        store.initialize();
    }

    /** The store under test, initialized. */
    protected final CoordinationStore store() {
        return store;
    }

    // ---- status items ----

    @Test
    void statusIsReplacedListedApartFromMembersAndRemoved() {
        store.heartbeat(A, false);
        java.time.Instant at = java.time.Instant.ofEpochMilli(1_700_000_000_000L);
        io.shardline.lease.MemberStatus.LeaseStatus shard = new io.shardline.lease.MemberStatus.LeaseStatus(
                "shardId-000000000001", 1500, 12.5, 2048.0, at.minusSeconds(3), "PROCESSING");
        io.shardline.lease.MemberStatus.LeaseStatus waiting = new io.shardline.lease.MemberStatus.LeaseStatus(
                "shardId-000000000002", -1, 0, 0, null, "WAITING_ON_PARENTS");
        store.publishStatus(new io.shardline.lease.MemberStatus(A, at.minusSeconds(10),
                java.time.Duration.ofSeconds(10), List.of(waiting)));
        io.shardline.lease.MemberStatus latest = new io.shardline.lease.MemberStatus(A, at,
                java.time.Duration.ofSeconds(10), List.of(shard, waiting));
        store.publishStatus(latest);
        store.publishStatus(new io.shardline.lease.MemberStatus(B, at, java.time.Duration.ofSeconds(5), List.of()));

        assertThat(store.listStatuses()).containsExactlyInAnyOrder(latest,
                new io.shardline.lease.MemberStatus(B, at, java.time.Duration.ofSeconds(5), List.of()));
        assertThat(store.listMembers()).extracting(Member::memberId).containsExactly(A);

        store.removeStatus(A);
        assertThat(store.listStatuses()).extracting(io.shardline.lease.MemberStatus::memberId).containsExactly(B);
    }

    // ---- members ----

    @Test
    void heartbeatCreatesMemberAndIncrements() {
        Member first = store.heartbeat(A, false);
        Member second = store.heartbeat(A, false);

        assertThat(first.memberId()).isEqualTo(A);
        assertThat(first.inboxVersion()).isZero();
        assertThat(first.leaving()).isFalse();
        assertThat(second.heartbeat()).isEqualTo(first.heartbeat() + 1);
        assertThat(store.listMembers()).containsExactly(second);
    }

    @Test
    void heartbeatReportsLeaving() {
        store.heartbeat(A, false);

        Member leaving = store.heartbeat(A, true);

        assertThat(leaving.leaving()).isTrue();
        assertThat(store.listMembers()).containsExactly(leaving);
        assertThat(store.heartbeat(A, false).leaving()).isFalse();
    }

    @Test
    void notifyBumpsInbox() {
        Member before = store.heartbeat(A, false);

        store.notifyMember(A);
        store.notifyMember(A);
        Member after = store.heartbeat(A, false);

        assertThat(after.inboxVersion()).isEqualTo(before.inboxVersion() + 2);
        assertThat(after.heartbeat()).as("a notification is not a heartbeat").isEqualTo(before.heartbeat() + 1);
    }

    @Test
    void heartbeatKeepsTheInboxVersion() {
        store.heartbeat(A, false);
        store.notifyMember(A);

        assertThat(store.heartbeat(A, false).inboxVersion()).isEqualTo(1);
        assertThat(store.heartbeat(A, true).inboxVersion()).isEqualTo(1);
    }

    @Test
    void notifyAbsentMemberIsNoop() {
        store.notifyMember("ghost");

        assertThat(store.listMembers()).isEmpty();
        assertThat(store.heartbeat("ghost", false).inboxVersion()).as("notify created no member item").isZero();
    }

    @Test
    void notifyTouchesOnlyThatMember() {
        Member a = store.heartbeat(A, false);
        Member b = store.heartbeat(B, false);

        store.notifyMember(B);

        assertThat(store.listMembers()).containsExactlyInAnyOrder(a,
                new Member(B, b.heartbeat(), b.inboxVersion() + 1, false));
    }

    @Test
    void listMembersReturnsEveryMemberButNotTheLeader() {
        Member a = store.heartbeat(A, false);
        Member b = store.heartbeat(B, true);
        Member c = store.heartbeat(C, false);
        assertThat(store.tryAcquireLeader(A, null)).isNotNull();

        assertThat(store.listMembers()).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    void removeMemberDeletesIt() {
        store.heartbeat(A, false);
        store.notifyMember(A);
        Member b = store.heartbeat(B, false);

        store.removeMember(A);

        assertThat(store.listMembers()).containsExactly(b);
        assertThat(store.heartbeat(A, false).inboxVersion()).as("a rejoining member starts afresh").isZero();
    }

    @Test
    void removeAbsentMemberIsHarmless() {
        store.removeMember("ghost");

        assertThat(store.listMembers()).isEmpty();
    }

    // ---- leader ----

    @Test
    void readLeaderIsNullWhenNoneWasTaken() {
        assertThat(store.readLeader()).isNull();
    }

    @Test
    void firstLeaderGetsTermOne() {
        LeaderRecord leader = store.tryAcquireLeader(A, null);

        assertThat(leader).isEqualTo(new LeaderRecord(A, 1, 0));
        assertThat(store.readLeader()).isEqualTo(leader);
    }

    @Test
    void leaderAcquireOnlyOnce() throws Exception {
        List<LeaderRecord> results = Concurrently.run(2, i -> store.tryAcquireLeader(i == 0 ? A : B, null));

        assertThat(results).filteredOn(Objects::nonNull).hasSize(1);
        LeaderRecord winner = results.stream().filter(Objects::nonNull).findFirst().orElseThrow();
        assertThat(store.readLeader()).isEqualTo(winner);
    }

    @Test
    void manyCandidatesOneLeader() throws Exception {
        List<LeaderRecord> results = Concurrently.run(8, i -> store.tryAcquireLeader("w" + i, null));

        assertThat(results).filteredOn(Objects::nonNull).hasSize(1);
    }

    @Test
    void acquireWithoutExpectedRecordFailsWhileALeaderExists() {
        LeaderRecord a = store.tryAcquireLeader(A, null);

        assertThat(store.tryAcquireLeader(B, null)).isNull();
        assertThat(store.readLeader()).isEqualTo(a);
    }

    @Test
    void expiredLeaderCanBeTakenWithObservedRecord() {
        store.tryAcquireLeader(A, null);
        LeaderRecord observed = store.renewLeader(store.readLeader());

        LeaderRecord b = store.tryAcquireLeader(B, observed);

        assertThat(b).isEqualTo(new LeaderRecord(B, observed.term() + 1, 0));
        assertThat(store.readLeader()).isEqualTo(b);
    }

    @Test
    void takeoverWithStaleObservationFails() {
        LeaderRecord stale = store.tryAcquireLeader(A, null);
        LeaderRecord renewed = store.renewLeader(stale);

        assertThat(store.tryAcquireLeader(B, stale)).as("A renewed after B observed it").isNull();
        assertThat(store.readLeader()).isEqualTo(renewed);
    }

    @Test
    void twoCandidatesTakingOverTheSameExpiredLeaderOneWins() throws Exception {
        LeaderRecord expired = store.tryAcquireLeader(A, null);

        List<LeaderRecord> results = Concurrently.run(2, i -> store.tryAcquireLeader(i == 0 ? B : C, expired));

        assertThat(results).filteredOn(Objects::nonNull).hasSize(1);
        assertThat(store.readLeader().term()).isEqualTo(expired.term() + 1);
    }

    @Test
    void renewIncrementsHeartbeat() {
        LeaderRecord leader = store.tryAcquireLeader(A, null);

        LeaderRecord once = store.renewLeader(leader);
        LeaderRecord twice = store.renewLeader(once);

        assertThat(once).isEqualTo(new LeaderRecord(A, leader.term(), leader.heartbeat() + 1));
        assertThat(twice).isEqualTo(new LeaderRecord(A, leader.term(), leader.heartbeat() + 2));
        assertThat(store.renewLeader(leader)).as("renewal needs holder and term, not the heartbeat").isNotNull();
    }

    @Test
    void renewAfterLossFails() {
        LeaderRecord a = store.tryAcquireLeader(A, null);
        LeaderRecord b = store.tryAcquireLeader(B, a);

        assertThat(store.renewLeader(a)).isNull();
        assertThat(store.readLeader()).isEqualTo(b);
    }

    @Test
    void renewWithoutLeaderItemFailsAndCreatesNone() {
        assertThat(store.renewLeader(new LeaderRecord(A, 1, 0))).isNull();

        assertThat(store.readLeader()).isNull();
    }

    @Test
    void releaseDeletesTheLeaderItem() {
        LeaderRecord a = store.renewLeader(store.tryAcquireLeader(A, null));

        store.releaseLeader(a);

        assertThat(store.readLeader()).isNull();
        assertThat(store.tryAcquireLeader(B, null)).isEqualTo(new LeaderRecord(B, 1, 0));
    }

    @Test
    void releaseByFormerLeaderIsNoop() {
        LeaderRecord a = store.tryAcquireLeader(A, null);
        LeaderRecord b = store.tryAcquireLeader(B, a);

        store.releaseLeader(a);

        assertThat(store.readLeader()).isEqualTo(b);
    }

    @Test
    void initializeTwiceIsHarmless() {
        Member a = store.heartbeat(A, false);
        LeaderRecord leader = store.tryAcquireLeader(A, null);

        store.initialize();

        assertThat(store.listMembers()).containsExactly(a);
        assertThat(store.readLeader()).isEqualTo(leader);
        assertThat(store.tableName()).isNotBlank();
    }
}
