package io.shardline.benchmarks.cost;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.ConsumerSystem;
import io.shardline.benchmarks.harness.DeliveryLog;
import io.shardline.benchmarks.harness.Wait;
import io.shardline.benchmarks.harness.WorkerGroup;
import io.shardline.benchmarks.harness.WorkerProcess;
import io.shardline.testing.LocalAws;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * DynamoDB cost of an idle application: {@code workers} worker processes per system on one stream with no records,
 * each system with its own application (lease table). Both systems' groups run at the same time, on the same
 * emulators. Once a group holds every shard, balanced within +-1 (or, for a system that does not balance in time,
 * once every shard is held), and after a settling time, each worker's request counts
 * ({@link DynamoDbRequestCounter}, published through {@link CountsFile}) are read at the start and the end of the
 * window. Figures, averaged over the workers: {@code idle_requests_per_s_per_worker},
 * {@code idle_writes_per_s_per_worker}, {@code idle_reads_per_s_per_worker}; and {@code lease_changes_in_window}
 * (lease lines during the window: 0 means the group was steady).
 */
final class LeaseCostScenario {

    private static final Duration LEASES_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration BALANCE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(LeaseCostScenario.class);

    private final LocalAws aws;
    private final Results results;
    private final Path runDir;
    private final String stream;
    private final List<Shard> shards;
    private final int workers;

    LeaseCostScenario(LocalAws aws, Results results, Path runDir, String stream, List<Shard> shards, int workers) {
        this.aws = aws;
        this.results = results;
        this.runDir = runDir;
        this.stream = stream;
        this.shards = shards;
        this.workers = workers;
    }

    /** Runs the groups of {@code systems} side by side and records their figures. */
    void run(List<ConsumerSystem> systems, Duration settle, Duration window) {
        Path countsDir = runDir.resolve("counts");
        List<Group> groups = new ArrayList<>();
        try {
            for (ConsumerSystem system : systems) {
                groups.add(start(system));
            }
            for (Group group : groups) {
                awaitSteady(group);
            }
            Wait.untilNanoTime(System.nanoTime() + settle.toNanos()); // the time itself is the condition
            List<Map<String, RequestCounts>> before = groups.stream().map(g -> snapshots(g, countsDir)).toList();
            int[] leaseLinesBefore = groups.stream().mapToInt(g -> g.lines.leaseChanges().size()).toArray();
            List<Map<String, Duration>> cpuBefore = groups.stream().map(LeaseCostScenario::cpu).toList();
            long windowStart = System.nanoTime();
            Wait.untilNanoTime(windowStart + window.toNanos());
            for (int i = 0; i < groups.size(); i++) {
                Group group = groups.get(i);
                report(group, before.get(i), snapshots(group, countsDir),
                        group.lines.leaseChanges().size() - leaseLinesBefore[i]);
                reportCpu(group, cpuBefore.get(i), cpu(group), Duration.ofNanos(System.nanoTime() - windowStart));
            }
        } finally {
            for (Group group : groups) {
                if (!group.workers.stopAll(STOP_GRACE)) {
                    log.warn("{} workers did not all exit within {} of SIGTERM; killed", group.system.name(),
                            STOP_GRACE);
                }
                group.workers.close();
            }
        }
    }

    private record Group(ConsumerSystem system, WorkerGroup workers, DeliveryLog lines) {}

    private Group start(ConsumerSystem system) {
        String application = "lease-cost-" + system.name() + "-app";
        system.prepare(aws.dynamoDb(), application, shards);
        DeliveryLog lines = new DeliveryLog();
        WorkerGroup group = new WorkerGroup(system, aws.kinesisEndpoint(), aws.dynamoDbEndpoint(), stream,
                application, runDir.resolve(system.name()), lines);
        for (int i = 1; i <= workers; i++) {
            group.start(system.name() + "-" + i);
        }
        return new Group(system, group, lines);
    }

    /** Until every shard is held and balanced; a group that holds every shard but does not balance is measured so. */
    private void awaitSteady(Group group) {
        List<String> ids = group.workers.workers().stream().map(WorkerProcess::workerId).toList();
        Wait.until(group.system.name() + " workers to hold all " + shards.size() + " shards", LEASES_TIMEOUT,
                () -> group.lines.owners().size() == shards.size(), group.workers::diagnostics);
        if (!Wait.holdsWithin(BALANCE_TIMEOUT, POLL,
                () -> LeaseBalance.balanced(group.lines.owners(), shards.size(), ids))) {
            log.warn("{}: leases not balanced within {} of all being held: {}; measuring anyway",
                    group.system.name(), BALANCE_TIMEOUT, group.lines.owners());
        }
    }

    /** Each live worker's CPU time so far (every thread of its JVM); a worker that has exited is not in it. */
    private static Map<String, Duration> cpu(Group group) {
        Map<String, Duration> cpu = new TreeMap<>();
        for (WorkerProcess worker : group.workers.workers()) {
            ProcessCpu.ifAlive(worker.pid()).ifPresent(time -> cpu.put(worker.workerId(), time));
        }
        return cpu;
    }

    /**
     * {@code idle_cpu_millicores_per_worker}: the mean worker's CPU time over the window divided by the window, in
     * thousandths of one core (10 = 1 % of a core): what an idle worker costs per second, whatever it waits for. The
     * groups run at the same time on the same cores, so contention is the same for both systems.
     */
    private void reportCpu(Group group, Map<String, Duration> before, Map<String, Duration> after, Duration window) {
        double millicores = 0;
        int measured = 0;
        for (WorkerProcess worker : group.workers.workers()) {
            Duration start = before.get(worker.workerId());
            Duration end = after.get(worker.workerId());
            if (start == null || end == null) {
                log.warn("{} {}: exited before the end of the window: left out of idle_cpu_millicores_per_worker",
                        group.system.name(), worker.workerId());
                continue;
            }
            double share = 1000.0 * end.minus(start).toNanos() / window.toNanos();
            log.info("{} {}: {} millicores over {}", group.system.name(), worker.workerId(), Math.round(share),
                    window);
            millicores += share;
            measured++;
        }
        if (measured > 0) {
            results.record(group.system.name(), "idle_cpu_millicores_per_worker", millicores / measured);
        }
    }

    private Map<String, RequestCounts> snapshots(Group group, Path countsDir) {
        Map<String, RequestCounts> counts = new TreeMap<>();
        for (WorkerProcess worker : group.workers.workers()) {
            Path file = CountsFile.of(countsDir, worker.workerId());
            counts.put(worker.workerId(), CountsFile.read(file).orElseThrow(() -> new IllegalStateException(
                    worker.workerId() + " has not written " + file + " yet\n" + group.workers.diagnostics())));
        }
        return counts;
    }

    private void report(Group group, Map<String, RequestCounts> before, Map<String, RequestCounts> after,
            int leaseChanges) {
        String system = group.system.name();
        double requests = 0;
        double writes = 0;
        int n = 0;
        for (Map.Entry<String, RequestCounts> e : after.entrySet()) {
            var window = e.getValue().windowSince(before.get(e.getKey()));
            if (window.isEmpty()) {
                log.warn("{} {}: counts file not rewritten during the window (at={}): left out of the figures",
                        system, e.getKey(), e.getValue().atMillis());
                continue;
            }
            log.info("{} {}: {}", system, e.getKey(), window.get().describe());
            requests += window.get().requestsPerSecond();
            writes += window.get().writesPerSecond();
            n++;
        }
        results.record(system, "workers_measured", n);
        if (n == 0) {
            log.warn("{}: no worker's counts advanced during the window; no rate figures", system);
            results.record(system, "lease_changes_in_window", leaseChanges);
            return;
        }
        results.record(system, "idle_requests_per_s_per_worker", requests / n);
        results.record(system, "idle_writes_per_s_per_worker", writes / n);
        results.record(system, "idle_reads_per_s_per_worker", (requests - writes) / n);
        // The whole application's bill: the mean worker's rates times the group's size.
        results.record(system, "usd_per_month", LeaseTableCost.usdPerMonth(writes / n * after.size(),
                (requests - writes) / n * after.size()));
        results.record(system, "lease_changes_in_window", leaseChanges);
    }
}
