package io.shardline.lease.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaderRecord;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.Member;
import io.shardline.lease.testing.InMemoryCoordinationStore;
import io.shardline.lease.testing.StoreOperation;
import io.shardline.lease.StoreResilienceConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResilientCoordinationStoreTest {

    private static final StoreResilienceConfig FAST = StoreResilienceConfig.builder()
            .maxAttempts(3).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();

    private final InMemoryCoordinationStore fake = InMemoryCoordinationStore.create("coordination");
    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void heartbeatIsRetriedThroughAThrottle() {
        failFirst(StoreOperation.HEARTBEAT, 2, true);
        CoordinationStore store = CoordinationStore.resilient(fake, FAST);

        Member member = store.heartbeat("a", false);

        assertThat(member.heartbeat()).isEqualTo(1);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void fatalFailureIsThrownAtOnce() {
        failFirst(StoreOperation.LIST_MEMBERS, 5, false);
        CoordinationStore store = CoordinationStore.resilient(fake, FAST);

        assertThatThrownBy(store::listMembers).isInstanceOf(LeaseStoreException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void lostLeaderResponseIsReconciled() {
        AtomicInteger lost = new AtomicInteger();
        CoordinationStore flaky = new ForwardingCoordinationStore(fake) {
            @Override
            public LeaderRecord tryAcquireLeader(String candidateId, LeaderRecord expected) {
                LeaderRecord won = super.tryAcquireLeader(candidateId, expected);
                if (lost.getAndIncrement() == 0) {
                    throw new LeaseStoreException("connection reset", tableName(), null, true, null);
                }
                return won;
            }
        };
        CoordinationStore store = CoordinationStore.resilient(flaky, FAST);

        LeaderRecord leader = store.tryAcquireLeader("a", null);

        assertThat(leader).isEqualTo(new LeaderRecord("a", 1, 0));
    }

    @Test
    void losingTheLeaderRaceAfterARetryStaysLost() {
        fake.injectFault(StoreOperation.TRY_ACQUIRE_LEADER, candidate -> {
            if (candidate.equals("a") && attempts.incrementAndGet() == 1) {
                fake.tryAcquireLeader("b", null); // b wins while a's first attempt fails
                return new LeaseStoreException("throttled", "coordination", null, true, null);
            }
            return null;
        });
        CoordinationStore store = CoordinationStore.resilient(fake, FAST);

        assertThat(store.tryAcquireLeader("a", null)).isNull();
        assertThat(fake.readLeader().holder()).isEqualTo("b");
    }

    private void failFirst(StoreOperation operation, int n, boolean retryable) {
        fake.injectFault(operation, subject -> {
            int attempt = attempts.incrementAndGet();
            return attempt <= n ? new LeaseStoreException("injected failure " + attempt, "coordination", null,
                    retryable, null) : null;
        });
    }

    private static class ForwardingCoordinationStore implements CoordinationStore {
        private final CoordinationStore delegate;

        ForwardingCoordinationStore(CoordinationStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void initialize() {
            delegate.initialize();
        }

        @Override
        public Member heartbeat(String memberId, boolean leaving) {
            return delegate.heartbeat(memberId, leaving);
        }

        @Override
        public List<Member> listMembers() {
            return delegate.listMembers();
        }

        @Override
        public void notifyMember(String memberId) {
            delegate.notifyMember(memberId);
        }

        @Override
        public void removeMember(String memberId) {
            delegate.removeMember(memberId);
        }

        @Override
        public LeaderRecord readLeader() {
            return delegate.readLeader();
        }

        @Override
        public LeaderRecord tryAcquireLeader(String candidateId, LeaderRecord expected) {
            return delegate.tryAcquireLeader(candidateId, expected);
        }

        @Override
        public LeaderRecord renewLeader(LeaderRecord current) {
            return delegate.renewLeader(current);
        }

        @Override
        public void releaseLeader(LeaderRecord current) {
            delegate.releaseLeader(current);
        }

        @Override
        public void publishStatus(io.shardline.lease.MemberStatus status) {
            delegate.publishStatus(status);
        }

        @Override
        public List<io.shardline.lease.MemberStatus> listStatuses() {
            return delegate.listStatuses();
        }

        @Override
        public void removeStatus(String memberId) {
            delegate.removeStatus(memberId);
        }

        @Override
        public String tableName() {
            return delegate.tableName();
        }
    }
}
