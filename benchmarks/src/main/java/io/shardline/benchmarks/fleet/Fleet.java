package io.shardline.benchmarks.fleet;

import io.shardline.benchmarks.harness.ConsumerSystem;
import io.shardline.benchmarks.harness.DeliveryLog;
import io.shardline.benchmarks.harness.Producer;
import io.shardline.benchmarks.harness.Wait;
import io.shardline.benchmarks.harness.WorkerGroup;
import io.shardline.benchmarks.harness.WorkerLine.Delivery;
import io.shardline.benchmarks.harness.WorkerProcess;
import io.shardline.testing.LocalAws;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The worker processes of one system consuming their own fresh stream while a {@link SteadyProducer} writes to every
 * shard: what the {@code failover}, {@code shutdown} and {@code join} scenarios act on. Workers are called
 * {@code <system>-1}, {@code <system>-2}, ... in launch order; a restarted worker gets the next number.
 * {@link #close()} stops the producer, SIGTERMs the live workers and kills what is left.
 */
final class Fleet implements AutoCloseable {

    /** How often the driver re-evaluates a condition over the whole log (it copies the log each time). */
    static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** Longer than one KCL lease-assignment round (20 s with the default failoverTimeMillis of 10 s). */
    static final Duration STABLE = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(Fleet.class);

    private final LocalAws aws;
    private final ConsumerSystem system;
    private final int shards;
    private final DeliveryLog deliveries;
    private final WorkerGroup group;
    private SteadyProducer producer;
    private int launched;

    private Fleet(LocalAws aws, ConsumerSystem system, int shards, DeliveryLog deliveries, WorkerGroup group) {
        this.aws = aws;
        this.system = system;
        this.shards = shards;
        this.deliveries = deliveries;
        this.group = group;
    }

    /**
     * Creates the stream {@code <scenario>-<system>} with {@code settings.shards()} shards, prepares the system's
     * tables, starts the producer and {@code workers} workers.
     */
    static Fleet start(LocalAws aws, ConsumerSystem system, FleetSettings settings, String scenario, int workers,
                       Path logDir) {
        String stream = scenario + "-" + system.name();
        String application = stream + "-app";
        List<Shard> created = aws.streams().create(stream, settings.shards());
        system.prepare(aws.dynamoDb(), application, created);
        DeliveryLog deliveries = new DeliveryLog();
        WorkerGroup group = new WorkerGroup(system, aws.kinesisEndpoint(), aws.dynamoDbEndpoint(), stream,
                application, logDir.resolve(system.name()), deliveries);
        Fleet fleet = new Fleet(aws, system, settings.shards(), deliveries, group);
        try {
            fleet.producer = SteadyProducer.start(new Producer(aws.streams(), stream, settings.keys()),
                    settings.rate());
            fleet.launchStaggered(workers);
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    String systemName() {
        return system.name();
    }

    int shards() {
        return shards;
    }

    /** Prints a progress line for people watching ({@code # <system> ...}) on stdout, between the RESULT lines. */
    void progress(String format, Object... args) {
        System.out.println("# " + system.name() + " " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    /**
     * Launches {@code count} workers: the first alone, the rest once it printed READY. KCL 3.5.1 needs this on a fresh
     * lease table: workers starting together race to create its migration-state item, and a loser never recovers
     * ("AssignmentMode is not initialized" 20 times, then the scheduler shuts down). Shardline gets the same start.
     */
    private void launchStaggered(int count) {
        WorkerProcess first = launch();
        await(first.workerId() + " to print READY", READY_TIMEOUT,
                () -> deliveries.readyAt(first.workerId()).isPresent() || !first.isAlive());
        if (!first.isAlive()) {
            throw new IllegalStateException(first.workerId() + " exited before READY\n" + group.diagnostics());
        }
        for (int i = 1; i < count; i++) {
            launch();
        }
    }

    /** Launches the next worker. */
    WorkerProcess launch() {
        launched++;
        return group.start(system.name() + "-" + launched);
    }

    /** When {@code worker} printed READY; fails when it did not (the scenarios call this after it owned shards). */
    long readyAt(WorkerProcess worker) {
        return deliveries.readyAt(worker.workerId()).orElseThrow(() -> new IllegalStateException(
                worker.workerId() + " owns shards but never printed READY\n" + group.diagnostics()));
    }

    /** Workers whose process is alive. */
    List<WorkerProcess> live() {
        return group.workers().stream().filter(WorkerProcess::isAlive).toList();
    }

    Set<String> liveIds() {
        return live().stream().map(WorkerProcess::workerId).collect(Collectors.toSet());
    }

    OwnershipHistory history() {
        return new OwnershipHistory(deliveries.leaseChanges());
    }

    List<Delivery> deliveries() {
        return deliveries.deliveries();
    }

    /**
     * Waits until {@code workers} workers are alive, every shard is owned by one of them, each owns at least one,
     * and the ownership is either balanced ({@link OwnershipHistory#isBalanced}) or has not changed for
     * {@link #STABLE} (KCL 3's lease assignment, balancing by throughput with worker metrics off, may settle on for
     * example 4/2/2 of 8 shards and stay there); and each worker has delivered from every shard it owns since. So the
     * next disturbance hits a settled fleet at work.
     */
    void awaitSettled(int workers, Duration timeout) {
        long waitingFrom = System.currentTimeMillis();
        String[] how = new String[1];
        await(workers + " workers owning all " + shards + " shards, balanced +-1 or unchanged for " + STABLE
                + ", each delivering", timeout, () -> {
                    Set<String> live = liveIds();
                    if (live.size() != workers) {
                        throw new IllegalStateException(system.name() + ": " + live.size() + " live workers " + live
                                + " where " + workers + " should run (one exited by itself?)\n" + group.diagnostics());
                    }
                    OwnershipHistory history = history();
                    Map<String, String> owners = history.ownersAt(Long.MAX_VALUE);
                    if (!OwnershipHistory.allOwnedByLiveWorkersEachWorking(owners, live, shards)) {
                        return false;
                    }
                    long now = System.currentTimeMillis();
                    long since = history.lastLineAt().orElse(now);
                    if (history.balancedSince(0, live, shards).isPresent()) {
                        how[0] = "balanced";
                    } else if (now - since >= STABLE.toMillis()) {
                        how[0] = "not balanced +-1 but unchanged for " + STABLE.toSeconds() + " s";
                    } else {
                        return false;
                    }
                    List<Delivery> all = deliveries();
                    return owners.entrySet().stream().allMatch(o -> all.stream().anyMatch(d ->
                            d.shardId().equals(o.getKey()) && d.workerId().equals(o.getValue())
                                    && d.atMillis() >= since));
                });
        progress("settled, %s: %s (%d ms of waiting)", how[0], counts(), System.currentTimeMillis() - waitingFrom);
    }

    /** Shards per live worker now, sorted by worker. */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        liveIds().forEach(w -> counts.put(w, 0));
        history().ownersAt(Long.MAX_VALUE).values().forEach(w -> counts.computeIfPresent(w, (k, c) -> c + 1));
        return counts;
    }

    /**
     * The live worker that owns the most shards now; among equals the last launched. Not the first: the first worker
     * started is usually each system's leader, and a scenario that always removed the leader would time leader
     * election too (the common case is a non-leader, one leader per fleet; docs/benchmarks.md reports what a leader
     * kill did to KCL).
     */
    WorkerProcess busiest() {
        OwnershipHistory history = history();
        return live().stream()
                .max(Comparator.comparingInt((WorkerProcess w) -> history.shardsOf(w.workerId(), Long.MAX_VALUE)
                        .size()).thenComparingLong(WorkerProcess::launchedNanos))
                .orElseThrow(() -> new IllegalStateException("no live " + system.name() + " worker"));
    }

    /**
     * Polls {@code condition} every {@link #POLL} until it holds; fails with the workers' diagnostics when it does
     * not within {@code timeout}, or at once when the producer or an emulator stopped.
     */
    void await(String what, Duration timeout, BooleanSupplier condition) {
        boolean held = Wait.holdsWithin(timeout, POLL, () -> {
            checkHealthy();
            return condition.getAsBoolean();
        });
        if (!held) {
            throw new IllegalStateException(system.name() + ": timed out after " + timeout + " waiting for " + what
                    + "\nowners now: " + history().ownersAt(Long.MAX_VALUE) + "\nlive: " + liveIds() + "\n"
                    + group.diagnostics());
        }
    }

    /**
     * Fails when the producer stopped or an emulator process exited (kinesis-mock was seen to exit, rarely, after a
     * client was killed mid-request; see EmulatorSurvivesAbortedRequestIT).
     */
    void checkHealthy() {
        RuntimeException failed = producer.failure();
        if (failed != null) {
            throw new IllegalStateException(system.name() + ": the producer stopped: " + failed + "\n"
                    + aws.logTail(30), failed);
        }
        aws.emulatorPids().forEach((name, pid) -> {
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                throw new IllegalStateException("the " + name + " emulator (pid " + pid + ") exited\n"
                        + aws.logTail(30));
            }
        });
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
        if (!group.stopAll(STOP_GRACE)) {
            log.warn("{}: some workers did not exit within {} of SIGTERM; killed", system.name(), STOP_GRACE);
        }
        group.close();
    }
}
