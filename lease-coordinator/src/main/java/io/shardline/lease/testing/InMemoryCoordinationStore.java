package io.shardline.lease.testing;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaderRecord;
import io.shardline.lease.Member;
import io.shardline.lease.MemberStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The coordination table in memory: member items in a {@link ConcurrentMap} (one atomic compute per write) and the
 * leader item in an {@link AtomicReference} (compare-and-set per conditional write).
 */
public final class InMemoryCoordinationStore extends InstrumentedStore implements CoordinationStore {

    private final String tableName;
    private final ConcurrentMap<String, Member> members = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, MemberStatus> statuses = new ConcurrentHashMap<>();
    private final AtomicReference<LeaderRecord> leader = new AtomicReference<>();

    /** A new, empty coordination table named {@code in-memory-coordination}. */
    public static InMemoryCoordinationStore create() {
        return new InMemoryCoordinationStore("in-memory-coordination");
    }

    /** A new, empty coordination table with a name for messages. */
    public static InMemoryCoordinationStore create(String tableName) {
        return new InMemoryCoordinationStore(tableName);
    }

    private InMemoryCoordinationStore(String tableName) {
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public void initialize() {
        // nothing to create
    }

    @Override
    public Member heartbeat(String memberId, boolean leaving) {
        Objects.requireNonNull(memberId, "memberId");
        probe.enter(StoreOperation.HEARTBEAT, memberId);
        return members.compute(memberId, (id, m) -> m == null
                ? new Member(id, 1, 0, leaving)
                : new Member(id, m.heartbeat() + 1, m.inboxVersion(), leaving));
    }

    @Override
    public List<Member> listMembers() {
        probe.enter(StoreOperation.LIST_MEMBERS, null);
        List<Member> all = members.values().stream().sorted(Comparator.comparing(Member::memberId)).toList();
        probe.itemsRead(StoreOperation.LIST_MEMBERS, all.size());
        return all;
    }

    @Override
    public void notifyMember(String memberId) {
        probe.enter(StoreOperation.NOTIFY_MEMBER, memberId);
        members.computeIfPresent(memberId,
                (id, m) -> new Member(id, m.heartbeat(), m.inboxVersion() + 1, m.leaving()));
    }

    @Override
    public void removeMember(String memberId) {
        probe.enter(StoreOperation.REMOVE_MEMBER, memberId);
        members.remove(memberId);
    }

    @Override
    public LeaderRecord readLeader() {
        probe.enter(StoreOperation.READ_LEADER, null);
        LeaderRecord current = leader.get();
        probe.itemsRead(StoreOperation.READ_LEADER, current == null ? 0 : 1);
        return current;
    }

    @Override
    public LeaderRecord tryAcquireLeader(String candidateId, LeaderRecord expected) {
        Objects.requireNonNull(candidateId, "candidateId");
        probe.enter(StoreOperation.TRY_ACQUIRE_LEADER, candidateId);
        LeaderRecord next = new LeaderRecord(candidateId, expected == null ? 1 : expected.term() + 1, 0);
        LeaderRecord current = leader.get();
        if (current != null && !current.equals(expected)) {
            return null;
        }
        return leader.compareAndSet(current, next) ? next : null;
    }

    @Override
    public LeaderRecord renewLeader(LeaderRecord current) {
        probe.enter(StoreOperation.RENEW_LEADER, current.holder());
        LeaderRecord renewed = leader.updateAndGet(l -> sameHolderAndTerm(l, current)
                ? new LeaderRecord(l.holder(), l.term(), l.heartbeat() + 1)
                : l);
        return sameHolderAndTerm(renewed, current) ? renewed : null;
    }

    @Override
    public void releaseLeader(LeaderRecord current) {
        probe.enter(StoreOperation.RELEASE_LEADER, current.holder());
        leader.updateAndGet(l -> sameHolderAndTerm(l, current) ? null : l);
    }

    @Override
    public void publishStatus(MemberStatus status) {
        Objects.requireNonNull(status, "status");
        probe.enter(StoreOperation.PUBLISH_STATUS, status.memberId());
        statuses.put(status.memberId(), status);
    }

    @Override
    public List<MemberStatus> listStatuses() {
        probe.enter(StoreOperation.LIST_STATUSES, null);
        List<MemberStatus> all = statuses.values().stream()
                .sorted(Comparator.comparing(MemberStatus::memberId)).toList();
        probe.itemsRead(StoreOperation.LIST_STATUSES, all.size());
        return all;
    }

    @Override
    public void removeStatus(String memberId) {
        probe.enter(StoreOperation.REMOVE_STATUS, memberId);
        statuses.remove(memberId);
    }

    @Override
    public String tableName() {
        return tableName;
    }

    private static boolean sameHolderAndTerm(LeaderRecord stored, LeaderRecord expected) {
        return stored != null && stored.holder().equals(expected.holder()) && stored.term() == expected.term();
    }

    @Override
    public String toString() {
        return "InMemoryCoordinationStore{" + tableName + ", " + members.size() + " members}";
    }
}
