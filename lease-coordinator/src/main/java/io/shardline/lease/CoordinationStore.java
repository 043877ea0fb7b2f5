package io.shardline.lease;

import java.util.List;

/**
 * Member heartbeats and the leader item. Kept in a second table ({@code <leaseTable>-coordination}), so KCL workers
 * sharing the lease table during a rolling migration never see non-lease items. Implementations:
 * {@code DynamoDbCoordinationStore}, {@code InMemoryCoordinationStore}; one contract test kit checks both.
 *
 * <p>Liveness is never judged by comparing clocks across hosts: heartbeat and leader counters are opaque numbers
 * that observers watch change on their own clock.
 */
public interface CoordinationStore {

    /** Creates the table if absent and waits until usable; checks the key schema of an existing table. */
    void initialize();

    /**
     * Increments the member's heartbeat counter (creating the member item on first call) and returns the item after
     * the write, including its inbox version, in one request.
     */
    Member heartbeat(String memberId, boolean leaving);

    /** Every member item (all pages). */
    List<Member> listMembers();

    /** Increments a member's inbox version: tells it that leases concerning it changed. No-op if absent. */
    void notifyMember(String memberId);

    /** Removes the member item (graceful leave complete). */
    void removeMember(String memberId);

    /** The leader item, or null when there is none. */
    LeaderRecord readLeader();

    /**
     * Takes the leader item: succeeds when there is no leader item, or when it still equals {@code expected}
     * (holder, term and heartbeat unchanged since the caller saw it expire). The new term is {@code expected.term()+1}
     * (1 when {@code expected} is null).
     *
     * @return the new leader record, or null when another candidate won
     */
    LeaderRecord tryAcquireLeader(String candidateId, LeaderRecord expected);

    /**
     * Renews leadership: increments the heartbeat of the leader item, conditional on holder and term.
     *
     * @return the renewed record, or null when leadership was lost
     */
    LeaderRecord renewLeader(LeaderRecord current);

    /** Deletes the leader item if {@code current} still holds it (graceful shutdown of the leader). */
    void releaseLeader(LeaderRecord current);

    String tableName();
}
