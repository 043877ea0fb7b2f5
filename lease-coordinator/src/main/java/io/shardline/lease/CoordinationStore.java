package io.shardline.lease;

import io.shardline.lease.internal.ResilientCoordinationStore;
import io.shardline.lease.internal.dynamodb.DynamoDbCoordinationStore;
import io.shardline.lease.testing.InMemoryCoordinationStore;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Member heartbeats and the leader item. Kept in a second table ({@code <leaseTable>-coordination}), so KCL workers
 * sharing the lease table during a rolling migration never see non-lease items. Implementations:
 * {@code DynamoDbCoordinationStore} and, for tests, {@code io.shardline.lease.testing.InMemoryCoordinationStore}; one
 * contract test kit checks both.
 *
 * <p>Liveness is never judged by comparing clocks across hosts: heartbeat and leader counters are opaque numbers
 * that observers watch change on their own clock.
 */
public interface CoordinationStore {

    /**
     * The coordination table in DynamoDB ({@link LeaseTableConfig#coordinationTableName()}), through the caller's
     * client. Calls block the calling thread; SDK failures surface as {@link LeaseStoreException}. Call
     * {@link #initialize()} once before use. Wrap it in {@link #resilient} for retries and a circuit breaker.
     */
    static CoordinationStore dynamoDb(DynamoDbAsyncClient client, LeaseTableConfig config) {
        return new DynamoDbCoordinationStore(client, config);
    }

    /** {@code store} with retries and a circuit breaker, as {@code config} says. See {@link StoreResilienceConfig}. */
    static CoordinationStore resilient(CoordinationStore store, StoreResilienceConfig config) {
        return new ResilientCoordinationStore(store, config);
    }

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
     * (1 when {@code expected} is null) and its heartbeat starts at 0.
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

    /**
     * Writes {@code status} as the member's one status item (replacing the previous one). Not conditional and not
     * part of the protocol: operators read it. One write per call; callers bound the rate. The default (a store
     * that keeps no status items, e.g. a test wrapper) refuses.
     */
    default void publishStatus(MemberStatus status) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no status items");
    }

    /** Every status item (all pages); one Scan. The default: none. */
    default List<MemberStatus> listStatuses() {
        return List.of();
    }

    /** Removes the member's status item, if any (graceful leave). The default: nothing to remove. */
    default void removeStatus(String memberId) {
    }

    /** The name of the coordination table. */
    String tableName();
}
