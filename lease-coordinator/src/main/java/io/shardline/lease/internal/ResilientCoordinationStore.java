package io.shardline.lease.internal;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaderRecord;
import io.shardline.lease.Member;
import io.shardline.lease.MemberStatus;
import io.shardline.lease.StoreResilienceConfig;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link CoordinationStore} whose calls go through {@link StoreResilience} (retry with backoff and jitter on
 * retryable failures, circuit breaker). A retried {@code heartbeat} whose first attempt was applied but whose answer
 * was lost counts twice; harmless, observers only watch the counter change. A retried {@code tryAcquireLeader} that
 * is refused is read back: if the leader item shows exactly the record this call would have written, the call won.
 */
public final class ResilientCoordinationStore implements CoordinationStore {

    private final CoordinationStore delegate;
    private final StoreResilience resilience;

    public ResilientCoordinationStore(CoordinationStore delegate, StoreResilienceConfig config) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.resilience = new StoreResilience(delegate.tableName(), Objects.requireNonNull(config, "config"));
    }

    @Override
    public void initialize() {
        resilience.initialize(delegate::initialize);
    }

    @Override
    public Member heartbeat(String memberId, boolean leaving) {
        return resilience.call("heartbeat", null, () -> delegate.heartbeat(memberId, leaving));
    }

    @Override
    public List<Member> listMembers() {
        return resilience.call("listMembers", null, delegate::listMembers);
    }

    @Override
    public void notifyMember(String memberId) {
        resilience.run("notifyMember", null, () -> delegate.notifyMember(memberId));
    }

    @Override
    public void removeMember(String memberId) {
        resilience.run("removeMember", null, () -> delegate.removeMember(memberId));
    }

    @Override
    public LeaderRecord readLeader() {
        return resilience.call("readLeader", null, delegate::readLeader);
    }

    @Override
    public LeaderRecord tryAcquireLeader(String candidateId, LeaderRecord expected) {
        AtomicInteger attempts = new AtomicInteger();
        LeaderRecord won = resilience.call("tryAcquireLeader", null, () -> {
            attempts.incrementAndGet();
            return delegate.tryAcquireLeader(candidateId, expected);
        });
        if (won == null && attempts.get() > 1) {
            LeaderRecord now = readLeader();
            long term = expected == null ? 1 : expected.term() + 1;
            if (now != null && now.holder().equals(candidateId) && now.term() == term) {
                return now;
            }
        }
        return won;
    }

    @Override
    public LeaderRecord renewLeader(LeaderRecord current) {
        return resilience.call("renewLeader", null, () -> delegate.renewLeader(current));
    }

    @Override
    public void releaseLeader(LeaderRecord current) {
        resilience.run("releaseLeader", null, () -> delegate.releaseLeader(current));
    }

    @Override
    public void publishStatus(MemberStatus status) {
        resilience.run("publishStatus", null, () -> delegate.publishStatus(status));
    }

    @Override
    public List<MemberStatus> listStatuses() {
        return resilience.call("listStatuses", null, delegate::listStatuses);
    }

    @Override
    public void removeStatus(String memberId) {
        resilience.run("removeStatus", null, () -> delegate.removeStatus(memberId));
    }

    @Override
    public String tableName() {
        return delegate.tableName();
    }

    /** The circuit breaker's state: CLOSED, OPEN or HALF_OPEN (for health checks and tests). */
    public String circuitState() {
        return resilience.circuitState().name();
    }

    @Override
    public String toString() {
        return "Resilient(" + delegate + ", " + resilience + ")";
    }
}
