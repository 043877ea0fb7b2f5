package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.testing.InMemoryCoordinationStore;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Several {@link PolledLeaseCoordinator}s on shared in-memory stores and one manual clock. Time moves in small steps;
 * at each step every running, unpaused worker whose deadline has come is polled, in the order they were added.
 * A paused worker is simply not polled (a GC pause, a frozen VM, a killed process).
 */
final class Cluster {

    static final Duration STEP = Duration.ofMillis(50);

    final ManualClock clock = ManualClock.startingAt("2030-01-01T00:00:00Z");
    final InMemoryLeaseStore leases = InMemoryLeaseStore.create("leases");
    final InMemoryCoordinationStore coordination = InMemoryCoordinationStore.create("leases-coordination");
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final UnaryOperator<LeaseCoordinatorConfig.Builder> baseConfig;

    /** One coordinator and its recorded events. */
    static final class Worker {
        final String id;
        final PolledLeaseCoordinator coordinator;
        final RecordingListener listener;
        Instant next = Instant.MIN;
        boolean paused;

        Worker(String id, PolledLeaseCoordinator coordinator, RecordingListener listener) {
            this.id = id;
            this.coordinator = coordinator;
            this.listener = listener;
        }

        Collection<String> owned() {
            return coordinator.ownedLeases().stream().map(LeaseToken::leaseKey).sorted().toList();
        }
    }

    Cluster() {
        this(b -> b);
    }

    Cluster(UnaryOperator<LeaseCoordinatorConfig.Builder> baseConfig) {
        this.baseConfig = baseConfig;
    }

    LeaseCoordinatorConfig config(String workerId) {
        return baseConfig.apply(LeaseCoordinatorConfig.builder().workerId(workerId)).build();
    }

    Worker add(String id) {
        return add(id, RecordingListener.HandoffMode.CONFIRM, b -> b);
    }

    Worker add(String id, RecordingListener.HandoffMode mode, UnaryOperator<LeaseCoordinatorConfig.Builder> tweak) {
        LeaseCoordinatorConfig config = tweak.apply(config(id).toBuilder()).build();
        RecordingListener listener = new RecordingListener(clock, mode);
        PolledLeaseCoordinator c = LeaseCoordinator.polled(config, leases, coordination, listener, clock);
        listener.attach(c);
        c.start();
        Worker w = new Worker(id, c, listener);
        workers.put(id, w);
        return w;
    }

    Worker worker(String id) {
        return Objects.requireNonNull(workers.get(id), id);
    }

    Collection<Worker> workers() {
        return workers.values();
    }

    void createLeases(int n) {
        for (int i = 0; i < n; i++) {
            leases.createIfAbsent(Lease.unowned(String.format("shard-%04d", i)));
        }
    }

    void pause(String id) {
        worker(id).paused = true;
    }

    void resume(String id) {
        worker(id).paused = false;
    }

    /** Polls every due worker at the current instant (no time passes). */
    void pollDue() {
        Instant now = clock.instant();
        for (Worker w : List.copyOf(workers.values())) {
            if (!w.paused && !w.coordinator.isStopped() && !now.isBefore(w.next)) {
                w.next = w.coordinator.poll(now);
            }
        }
    }

    /** Polls {@code id} now, whatever its deadline (after a command such as shutdown). */
    void pollNow(String id) {
        Worker w = worker(id);
        w.next = w.coordinator.poll(clock.instant());
    }

    void runFor(Duration d) {
        Instant end = clock.instant().plus(d);
        pollDue();
        while (clock.instant().isBefore(end)) {
            clock.advance(STEP);
            pollDue();
        }
    }

    /** Runs until {@code condition} holds, at most {@code limit}; returns the time it took. */
    Duration runUntil(BooleanSupplier condition, Duration limit) {
        Instant start = clock.instant();
        Instant end = start.plus(limit);
        pollDue();
        while (!condition.getAsBoolean()) {
            assertThat(clock.instant()).as("condition not reached within %s", limit).isBefore(end);
            clock.advance(STEP);
            pollDue();
        }
        return Duration.between(start, clock.instant());
    }

    /** Owner of every lease as stored (null: unowned), by key. */
    Map<String, String> ownersInTable() {
        Map<String, String> out = new TreeMap<>();
        leases.list().forEach(l -> out.put(l.leaseKey(), l.owner()));
        return out;
    }

    /** Leases per owner as stored; unowned under key "". */
    Map<String, Integer> countsInTable() {
        Map<String, Integer> out = new TreeMap<>();
        leases.list().forEach(l -> out.merge(l.owner() == null ? "" : l.owner(), 1, Integer::sum));
        return out;
    }

    List<String> leasesOwnedInTable(String owner) {
        List<String> out = new ArrayList<>();
        leases.list().forEach(l -> {
            if (l.isOwnedBy(owner)) {
                out.add(l.leaseKey());
            }
        });
        return out;
    }

    /**
     * The cluster is quiet and consistent: every running worker's view equals the table, its listener's processing
     * set equals its view, and no event sequence broke the Acquired/Lost alternation.
     */
    void assertConsistent() {
        for (Worker w : workers.values()) {
            if (w.coordinator.isStopped() || w.paused) {
                continue;
            }
            assertThat(w.owned()).as("%s view vs table", w.id).containsExactlyInAnyOrderElementsOf(
                    leasesOwnedInTable(w.id));
            assertThat(w.listener.processing()).as("%s processing vs view", w.id)
                    .containsExactlyInAnyOrderElementsOf(w.owned());
            assertThat(w.listener.violations()).as("%s event order", w.id).isEmpty();
        }
    }
}
