package io.shardline.benchmarks.leasesim;

import io.shardline.lease.Lease;
import io.shardline.lease.LeaseCoordinator;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseListener;
import io.shardline.lease.PolledLeaseCoordinator;
import io.shardline.lease.Time;
import io.shardline.lease.testing.InMemoryCoordinationStore;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shardline's real coordinator code ({@link LeaseCoordinator#polled}) for W workers on the in-memory stores, driven
 * on a virtual clock: each worker is polled exactly at the instant its previous poll asked for. Handoffs complete
 * right after they are requested (no processor to wait for), as with {@code autoCompleteHandoff}.
 */
final class ShardlineLeaseFleet implements SimulatedFleet {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final InMemoryLeaseStore leases = InMemoryLeaseStore.create("sim");
    private final InMemoryCoordinationStore coordination = InMemoryCoordinationStore.create("sim-coordination");
    private final Map<String, PolledLeaseCoordinator> workers = new LinkedHashMap<>();
    private final Map<String, Instant> nextPoll = new HashMap<>();
    private final VirtualClock clock = new VirtualClock();
    private long leaderRounds;
    private long observerReads;

    ShardlineLeaseFleet(int leaseCount, long seed) {
        for (int i = 0; i < leaseCount; i++) {
            leases.createIfAbsent(Lease.unowned(String.format("shardId-%012d", i)));
        }
        leases.resetOperationCounts();
    }

    /** Virtual time: the monotonic timeline is {@code EPOCH + nanoTime}, and the wall clock reads the same. */
    private static final class VirtualClock implements Time {
        private Instant now = EPOCH;

        @Override
        public long nanoTime() {
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public Instant wallClock() {
            return now;
        }
    }

    @Override
    public void addWorker(String workerId) {
        LeaseCoordinatorConfig config = LeaseCoordinatorConfig.builder()
                .workerId(workerId)
                .autoCompleteHandoff(true)
                .build();
        PolledLeaseCoordinator coordinator =
                LeaseCoordinator.polled(config, leases, coordination, LeaseListener.noOp(), clock);
        coordinator.start();
        workers.put(workerId, coordinator);
        nextPoll.put(workerId, clock.now);
    }

    @Override
    public void killWorker(String workerId) {
        workers.get(workerId).close();
        nextPoll.remove(workerId);
    }

    @Override
    public void shutdownWorker(String workerId) {
        workers.get(workerId).shutdown();
        nextPoll.put(workerId, clock.now);
    }

    @Override
    public void advance(Duration elapsed) {
        Instant until = clock.now.plus(elapsed);
        while (true) {
            Map.Entry<String, Instant> due = nextPoll.entrySet().stream()
                    .filter(e -> !e.getValue().isAfter(until))
                    .min(Map.Entry.comparingByValue())
                    .orElse(null);
            if (due == null) {
                break;
            }
            if (due.getValue().isAfter(clock.now)) {
                clock.now = due.getValue();
            }
            PolledLeaseCoordinator coordinator = workers.get(due.getKey());
            long roundsBefore = coordinator.stats().rounds();
            Instant next = coordinator.poll(clock.now);
            if (coordinator.isLeader() && coordinator.stats().rounds() > roundsBefore) {
                leaderRounds++;
            }
            if (coordinator.isStopped() || next.equals(Instant.MAX)) {
                nextPoll.remove(due.getKey());
            } else {
                nextPoll.put(due.getKey(), next.isAfter(clock.now) ? next : clock.now.plusMillis(1));
            }
        }
        clock.now = until;
    }

    @Override
    public long nowMillis() {
        return Duration.between(EPOCH, clock.now).toMillis();
    }

    @Override
    public Map<String, String> ownership() {
        long readsBefore = leases.operationCounts().reads();
        Map<String, String> owners = new HashMap<>();
        for (Lease lease : leases.list()) {
            owners.put(lease.leaseKey(), lease.owner());
        }
        observerReads += leases.operationCounts().reads() - readsBefore; // the runner's reads are not the fleet's
        return owners;
    }

    @Override
    public long writes() {
        return leases.operationCounts().writes() + coordination.operationCounts().writes();
    }

    @Override
    public long reads() {
        return leases.operationCounts().reads() + coordination.operationCounts().reads() - observerReads;
    }

    @Override
    public long rounds() {
        return leaderRounds;
    }
}
