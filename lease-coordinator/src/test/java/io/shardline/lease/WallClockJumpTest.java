package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardline.lease.testing.InMemoryCoordinationStore;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Wall-clock steps (NTP corrections, VM resume) must not break lease safety: two threaded coordinators on the real
 * monotonic clock, each with its own injected wall clock that jumps by an hour mid-run. Safety is checked on the
 * events: a worker never acquires a lease that another worker still holds (has not yet lost).
 */
class WallClockJumpTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final InMemoryLeaseStore leases = InMemoryLeaseStore.create();
    private final InMemoryCoordinationStore coordination = InMemoryCoordinationStore.create();
    private final Holders holders = new Holders();
    private LeaseCoordinator w1;
    private LeaseCoordinator w2;

    private static LeaseCoordinatorConfig config(String workerId, Duration heartbeatInterval) {
        return LeaseCoordinatorConfig.builder()
                .workerId(workerId)
                .heartbeatInterval(heartbeatInterval)
                .failoverTimeout(Duration.ofMillis(1000))
                .handoffTimeout(Duration.ofSeconds(2))
                .leaseScanInterval(Duration.ofMillis(300))
                .leaseSyncInterval(Duration.ofMillis(300))
                .foreignOwnerTimeout(Duration.ofMillis(1000))
                .autoCompleteHandoff(true)
                .build();
    }

    @AfterEach
    void stop() {
        if (w1 != null) {
            w1.close();
        }
        if (w2 != null) {
            w2.close();
        }
    }

    @Test
    void observerWallClockJumpingAnHourForwardDoesNotMakeItTakeTheLeasesOfALivePeer() {
        JumpingClock w2Wall = new JumpingClock();
        startPair(new JumpingClock(), w2Wall, coordination);
        long roundsBefore = w2.stats().rounds();

        w2Wall.jump(Duration.ofHours(1));
        // w2 keeps observing w1 (whose counter changes slower than w2 observes) for 3 failover timeouts' worth of rounds
        await().atMost(WAIT).until(() -> w2.stats().rounds() >= roundsBefore + 60);

        assertThat(holders.violations()).isEmpty();
        assertThat(w1.ownedLeases()).hasSize(2); // w1 is alive and still holds (processes) its leases
        assertThat(holders.heldBy("w1")).hasSize(2);
        assertThat(w2.stats().selfFences()).isZero(); // nor did w2 think its own heartbeat too old
        assertThat(holders.heldBy("w2")).hasSize(2);
    }

    @Test
    void workerWallClockJumpingAnHourBackDoesNotPostponeItsSelfFenceWhenItsHeartbeatsFail() {
        JumpingClock w1Wall = new JumpingClock();
        AtomicBoolean w1HeartbeatsFail = new AtomicBoolean();
        CoordinationStore w1Store = new FailingHeartbeats(coordination, w1HeartbeatsFail);
        startPair(w1Wall, new JumpingClock(), w1Store);

        w1Wall.jump(Duration.ofHours(-1));
        w1HeartbeatsFail.set(true);

        await().atMost(WAIT).until(() -> holders.heldBy("w2").size() == 4);
        assertThat(holders.violations()).isEmpty();
        assertThat(w1.ownedLeases()).isEmpty(); // fenced itself before w2 took its leases
    }

    private void startPair(JumpingClock w1Wall, JumpingClock w2Wall, CoordinationStore w1Coordination) {
        for (int i = 0; i < 4; i++) {
            leases.createIfAbsent(Lease.unowned("shard-" + i));
        }
        w1 = LeaseCoordinator.create(config("w1", Duration.ofMillis(200)), leases, w1Coordination,
                holders.listener("w1"), Time.withWallClock(w1Wall));
        w1.start();
        await().atMost(WAIT).until(() -> w1.ownedLeases().size() == 4 && w1.isLeader());
        w2 = LeaseCoordinator.create(config("w2", Duration.ofMillis(50)), leases, coordination,
                holders.listener("w2"), Time.withWallClock(w2Wall));
        w2.start();
        await().atMost(WAIT).until(() -> holders.heldBy("w1").size() == 2 && holders.heldBy("w2").size() == 2);
    }

    /** A wall clock that runs with real time plus an offset changed by {@link #jump}. */
    static final class JumpingClock implements java.time.InstantSource {
        private volatile Duration offset = Duration.ZERO;

        void jump(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    /** Who holds which lease according to the events, and every acquisition of a lease someone else still held. */
    static final class Holders {
        private final Map<String, String> holder = new HashMap<>();
        private final List<String> violations = new ArrayList<>();

        LeaseListener listener(String workerId) {
            return event -> {
                synchronized (this) {
                    if (event instanceof LeaseEvent.Acquired a) {
                        String previous = holder.put(a.lease().leaseKey(), workerId);
                        if (previous != null && !previous.equals(workerId)) {
                            violations.add(workerId + " acquired " + a.lease().leaseKey() + " while " + previous
                                    + " still held it");
                        }
                    } else if (event instanceof LeaseEvent.Lost l) {
                        holder.remove(l.leaseKey(), workerId);
                    }
                }
            };
        }

        synchronized List<String> violations() {
            return List.copyOf(violations);
        }

        synchronized List<String> heldBy(String workerId) {
            return holder.entrySet().stream().filter(e -> e.getValue().equals(workerId)).map(Map.Entry::getKey)
                    .toList();
        }
    }

    /** The shared coordination store, except that heartbeats throw while {@code failing} is set. */
    static final class FailingHeartbeats implements CoordinationStore {
        private final CoordinationStore delegate;
        private final AtomicBoolean failing;

        FailingHeartbeats(CoordinationStore delegate, AtomicBoolean failing) {
            this.delegate = delegate;
            this.failing = failing;
        }

        @Override
        public void initialize() {
            delegate.initialize();
        }

        @Override
        public Member heartbeat(String memberId, boolean leaving) {
            if (failing.get()) {
                throw new LeaseStoreException("heartbeat failed (injected)", tableName(), null, true, null);
            }
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
        public String tableName() {
            return delegate.tableName();
        }
    }
}
