package io.shardline.benchmarks.parallel;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.DeliveryLog;
import io.shardline.benchmarks.harness.Producer;
import io.shardline.benchmarks.harness.Wait;
import io.shardline.benchmarks.harness.WorkerGroup;
import io.shardline.benchmarks.harness.WorkerLine.Delivery;
import io.shardline.benchmarks.harness.WorkerProcess;
import io.shardline.testing.LocalAws;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * One shard holding {@code records} records of {@code keys} partition keys (in turn, put before the worker starts),
 * one worker whose processor sleeps {@code sleep} per record, then prints the record's EVENT line.
 *
 * <p><b>Throughput</b> ({@code records_per_s}): EVENT lines (first deliveries) from 5 s after the first one (a fifth
 * of the run when the backlog lasts less than 10 s), over
 * {@code window} or until the backlog is processed, divided by that time. {@code order_violations}: records of a key
 * printed after a later record of the same key (0 expected for every system).
 *
 * <p><b>Kill</b> ({@code dup_after_kill}): a lanes worker is killed with SIGKILL once {@code killAfter} records were
 * delivered; a second worker takes the shard over (after the failover time) and processes the rest; duplicates are
 * deliveries of a record delivered before. {@code lost} counts records never delivered (0 expected).
 */
final class ParallelScenario {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(ParallelScenario.class);

    private final LocalAws aws;
    private final Results results;
    private final Path logDir;
    private final int keys;
    private final long sleepMillis;
    private final Duration window;

    ParallelScenario(LocalAws aws, Results results, Path logDir, int keys, long sleepMillis, Duration window) {
        this.aws = aws;
        this.results = results;
        this.logDir = logDir;
        this.keys = keys;
        this.sleepMillis = sleepMillis;
        this.window = window;
    }

    void throughput(ParallelSystems.Named named, int records) {
        try (WorkerGroup group = prepare(named, "parallel-" + named.name(), records)) {
            WorkerProcess worker = group.start(named.name() + "-1");
            DeliveryLog deliveries = group.log();
            Wait.until(named.name() + " to deliver a record", START_TIMEOUT,
                    () -> deliveries.firstDeliveryAt().isPresent() || !worker.isAlive(), group::diagnostics);
            long first = deliveries.firstDeliveryAt().orElseThrow(() -> new IllegalStateException(
                    named.name() + " exited before delivering\n" + group.diagnostics()));
            long until = first + WARM_UP.toMillis() + window.toMillis();
            Wait.until(named.name() + " to run its window", window.plus(WARM_UP).plus(DRAIN_TIMEOUT),
                    () -> System.currentTimeMillis() >= until || deliveries.distinctCount() >= records
                            || !worker.isAlive(), group::diagnostics);
            report(named.name(), deliveries, first, until, records);
            if (!group.stopAll(STOP_GRACE)) {
                log.warn("{} worker did not exit within {} of SIGTERM; killed", named.name(), STOP_GRACE);
            }
        }
    }

    /**
     * Rate of first deliveries after the warm-up: 5 s after the first delivery, or a fifth of the run when the backlog
     * lasted less than 10 s; until the window's end or the last delivery.
     */
    private void report(String system, DeliveryLog deliveries, long first, long until, int records) {
        List<Delivery> all = deliveries.deliveries();
        long last = all.stream().mapToLong(Delivery::atMillis).max().orElse(first);
        long warmUp = last - first < 2 * WARM_UP.toMillis() ? (last - first) / 5 : WARM_UP.toMillis();
        long from = first + warmUp;
        long end = Math.min(until, last);
        if (end <= from) {
            throw new IllegalStateException(system + ": the backlog of " + records + " records ran out at once;"
                    + " put more records (--records)");
        }
        long counted = all.stream().filter(d -> d.atMillis() > from && d.atMillis() <= end).count();
        double perSecond = counted * 1000.0 / (end - from);
        results.record(system, "records_per_s", Math.round(perSecond * 10) / 10.0);
        results.record(system, "order_violations", deliveries.keyOrderViolations());
        log.info("{}: {} records in {} ms ({} delivered in all, {} distinct)", system, counted, end - from,
                deliveries.deliveryCount(), deliveries.distinctCount());
    }

    void killMidRun(ParallelSystems.Named named, int records, int killAfter, int lanes) {
        try (WorkerGroup group = prepare(named, "parallel-kill", records)) {
            DeliveryLog deliveries = group.log();
            WorkerProcess victim = group.start(named.name() + "-killed");
            Wait.until(named.name() + " to deliver " + killAfter + " records", DRAIN_TIMEOUT,
                    () -> deliveries.distinctCount() >= killAfter || !victim.isAlive(), group::diagnostics);
            victim.kill9();
            long killedAt = System.currentTimeMillis();
            int deliveredBeforeKill = deliveries.distinctCount();
            WorkerProcess next = group.start(named.name() + "-next");
            Wait.until("the next worker to process the rest", DRAIN_TIMEOUT,
                    () -> deliveries.distinctCount() >= records || !next.isAlive(), group::diagnostics);
            int duplicates = deliveries.duplicates();
            results.record(named.name(), "dup_after_kill", duplicates);
            results.record(named.name(), "dup_bound_lanes_x2", lanes * 2L);
            results.record(named.name(), "lost_after_kill", records - deliveries.distinctCount());
            results.record(named.name(), "order_violations_after_kill", deliveries.keyOrderViolations());
            OptionalLong resumed = deliveries.firstDeliveryAfter("shardId-000000000000", killedAt,
                    id -> id.equals(next.workerId()));
            log.info("kill: {} records delivered before SIGKILL, {} duplicates, next worker resumed {} ms after",
                    deliveredBeforeKill, duplicates, resumed.isPresent() ? resumed.getAsLong() - killedAt : -1);
            if (!group.stopAll(STOP_GRACE)) {
                log.warn("kill run: the next worker did not exit within {} of SIGTERM; killed", STOP_GRACE);
            }
        }
    }

    /** A fresh 1-shard stream filled with the records, and the system's worker group on it. */
    private WorkerGroup prepare(ParallelSystems.Named named, String stream, int records) {
        String application = stream + "-app";
        List<Shard> shards = aws.streams().create(stream, 1);
        Producer producer = new Producer(aws.streams(), stream, keys);
        for (int put = 0; put < records; put += 500) {
            producer.put(Math.min(500, records - put));
        }
        log.info("{}: {} records of {} keys put on {}; processing sleeps {} ms per record", named.name(), records,
                keys, stream, sleepMillis);
        named.system().prepare(aws.dynamoDb(), application, shards);
        return new WorkerGroup(named.system(), aws.kinesisEndpoint(), aws.dynamoDbEndpoint(), stream, application,
                logDir.resolve(named.name() + "-" + stream), new DeliveryLog());
    }
}
