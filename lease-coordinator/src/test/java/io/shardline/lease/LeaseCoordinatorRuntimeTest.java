package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardline.lease.testing.InMemoryCoordinationStore;
import io.shardline.lease.testing.InMemoryLeaseStore;
import io.shardline.lease.testing.StoreOperation;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The threaded coordinator on the system clock with short intervals: real thread, real waiting, no sleeps. */
class LeaseCoordinatorRuntimeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InMemoryLeaseStore leases = InMemoryLeaseStore.create();
    private final InMemoryCoordinationStore coordination = InMemoryCoordinationStore.create();
    private final ExecutorService consumers = Executors.newSingleThreadExecutor();
    private LeaseCoordinator w1;
    private LeaseCoordinator w2;

    private static LeaseCoordinatorConfig fast(String workerId) {
        return LeaseCoordinatorConfig.builder()
                .workerId(workerId)
                .heartbeatInterval(Duration.ofMillis(50))
                .failoverTimeout(Duration.ofMillis(200))
                .handoffTimeout(Duration.ofSeconds(5))
                .leaseScanInterval(Duration.ofMillis(500))
                .leaseSyncInterval(Duration.ofMillis(500))
                .foreignOwnerTimeout(Duration.ofMillis(500))
                .build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (w1 != null) {
            w1.close();
        }
        if (w2 != null) {
            w2.close();
        }
        consumers.shutdownNow();
        assertThat(consumers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aJustStartedCoordinatorWaitsToSettleThenCreatesItsLeasesOwnedAndHoldsThem() {
        w1 = LeaseCoordinator.create(LeaseCoordinatorConfig.builder().workerId("w1").build(), leases, coordination);
        w1.start();

        List<Lease> created = w1.createLeases(List.of(), List.of(Lease.unowned("a"), Lease.unowned("b")));

        assertThat(created).hasSize(2).allMatch(l -> l.isOwnedBy("w1"));
        await().atMost(WAIT).until(() -> w1.ownedLeases().size() == 2);
        assertThat(leases.operationCounts().calls(StoreOperation.TRANSFER)).isZero();
    }

    @Test
    void twoThreadedCoordinatorsShareLeasesHandOffOnShutdownAndDeliverEventsOnTheNamedThread() {
        for (int i = 0; i < 10; i++) {
            leases.createIfAbsent(Lease.unowned("shard-" + i));
        }
        Set<String> eventThreads = ConcurrentHashMap.newKeySet();
        w1 = LeaseCoordinator.create(fast("w1"), leases, coordination);
        w2 = LeaseCoordinator.create(fast("w2"), leases, coordination, new LeaseListener() {
            @Override
            public void onEvent(LeaseEvent event) {
                eventThreads.add(Thread.currentThread().getName());
                if (event instanceof LeaseEvent.HandoffRequested h) {
                    // the consumer layer confirms from its own thread after the processor checkpointed
                    consumers.execute(() -> w2.completeHandoff(h.leaseKey()));
                }
            }
        });

        w1.start();
        await().atMost(WAIT).until(() -> w1.ownedLeases().size() == 10 && w1.isLeader());
        w2.start();
        await().atMost(WAIT).until(() -> w1.ownedLeases().size() == 5 && w2.ownedLeases().size() == 5);
        assertThat(eventThreads).containsExactly("shardline-coordinator-w2");

        w2.shutdown().orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();

        await().atMost(WAIT).until(() -> w1.ownedLeases().size() == 10);
        assertThat(w2.ownedLeases()).isEmpty();
        assertThat(w1.stats().handoffsForced()).isZero();
        assertThat(coordination.listMembers()).extracting(Member::memberId).containsExactly("w1");
        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("shardline-coordinator-w2")));
    }

    @Test
    void closedWorkersLeasesAreTakenOverAfterFailoverTimeout() {
        for (int i = 0; i < 4; i++) {
            leases.createIfAbsent(Lease.unowned("shard-" + i));
        }
        w1 = LeaseCoordinator.create(fast("w1"), leases, coordination);
        w2 = LeaseCoordinator.create(fast("w2"), leases, coordination);
        w1.start();
        w2.start();
        await().atMost(WAIT).until(() -> w1.ownedLeases().size() == 2 && w2.ownedLeases().size() == 2);
        LeaseCoordinator leader = w1.isLeader() ? w1 : w2;
        LeaseCoordinator other = leader == w1 ? w2 : w1;

        leader.close();

        await().atMost(WAIT).until(() -> other.ownedLeases().size() == 4 && other.isLeader());
        assertThat(other.currentToken("shard-0")).hasValueSatisfying(t -> assertThat(t.owner())
                .isEqualTo(other.workerId()));
    }

    @Test
    void shutdownBeforeStartCompletesAtOnce() {
        w1 = LeaseCoordinator.create(fast("w1"), leases, coordination);

        assertThat(w1.shutdown()).isCompleted();
        assertThat(coordination.listMembers()).isEmpty();
    }
}
