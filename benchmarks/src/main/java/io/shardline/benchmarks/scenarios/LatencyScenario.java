package io.shardline.benchmarks.scenarios;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.ConsumerSystem;
import io.shardline.benchmarks.harness.DeliveryLog;
import io.shardline.benchmarks.harness.Percentiles;
import io.shardline.benchmarks.harness.Producer;
import io.shardline.benchmarks.harness.Wait;
import io.shardline.benchmarks.harness.WorkerGroup;
import io.shardline.benchmarks.harness.WorkerProcess;
import io.shardline.testing.LocalAws;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Put-to-process latency at a steady low rate, one system at a time, each on its own fresh stream of {@value #SHARDS}
 * shards with one worker process. The worker first takes every shard and delivers a warm-up record per key; then a
 * producer puts {@code rate} records per second (one PutRecords call each, keys in turn) for {@code duration}; the
 * latency of a record is its first EVENT time minus the wall-clock time just before its put call. Figures:
 * {@code polling_p50_ms}, {@code polling_p95_ms}, {@code polling_p99_ms}, {@code polling_max_ms}, {@code records}.
 */
final class LatencyScenario {

    static final int SHARDS = 2;
    private static final int KEYS = 20;
    /** KCL 3 on a prefilled table assigns leases on its second lease-assignment round: ~20-40 s. */
    private static final Duration LEASES_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(LatencyScenario.class);

    private final LocalAws aws;
    private final Results results;
    private final Path logDir;
    private final int rate;
    private final Duration duration;

    LatencyScenario(LocalAws aws, Results results, Path logDir, int rate, Duration duration) {
        this.aws = aws;
        this.results = results;
        this.logDir = logDir;
        this.rate = rate;
        this.duration = duration;
    }

    void run(ConsumerSystem system) {
        String stream = "latency-" + system.name();
        String application = stream + "-app";
        List<Shard> shards = aws.streams().create(stream, SHARDS);
        system.prepare(aws.dynamoDb(), application, shards);
        DeliveryLog deliveries = new DeliveryLog();
        try (WorkerGroup group = new WorkerGroup(system, aws.kinesisEndpoint(), aws.dynamoDbEndpoint(), stream,
                application, logDir.resolve(system.name()), deliveries)) {
            WorkerProcess worker = group.start(system.name() + "-1");
            Producer producer = new Producer(aws.streams(), stream, KEYS);
            warmUp(group, worker, producer);
            long startMillis = System.currentTimeMillis();
            int count = produce(producer);
            Wait.until(system.name() + " to deliver " + producer.count() + " records", DRAIN_TIMEOUT,
                    () -> deliveries.distinctCount() >= producer.count() || !worker.isAlive(), group::diagnostics);
            report(system.name(), deliveries.latenciesMillis(startMillis), count);
            if (!group.stopAll(STOP_GRACE)) {
                log.warn("{} worker did not exit within {} of SIGTERM; killed", system.name(), STOP_GRACE);
            }
        }
    }

    /** Until the worker holds every shard and has delivered one record per key put after that. */
    private void warmUp(WorkerGroup group, WorkerProcess worker, Producer producer) {
        DeliveryLog deliveries = group.log();
        Wait.until(worker.workerId() + " to hold all " + SHARDS + " shards", LEASES_TIMEOUT,
                () -> deliveries.owners().size() == SHARDS || !worker.isAlive(), group::diagnostics);
        producer.put(KEYS);
        Wait.until(worker.workerId() + " to deliver the warm-up records", DRAIN_TIMEOUT,
                () -> deliveries.distinctCount() >= KEYS || !worker.isAlive(), group::diagnostics);
        if (!worker.isAlive()) {
            throw new IllegalStateException(worker.workerId() + " exited\n" + group.diagnostics());
        }
    }

    /** Puts {@code rate} records per second for {@code duration}, one PutRecords call each, on a fixed schedule. */
    private int produce(Producer producer) {
        int count = (int) (rate * duration.toSeconds());
        long intervalNanos = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Wait.untilNanoTime(next);
            producer.put(1);
            next += intervalNanos;
        }
        return count;
    }

    private void report(String system, long[] latencies, int produced) {
        if (latencies.length < produced) {
            throw new IllegalStateException(system + " delivered " + latencies.length + " of " + produced
                    + " measured records");
        }
        Percentiles p = Percentiles.of(latencies);
        results.record(system, "polling_p50_ms", p.at(50));
        results.record(system, "polling_p95_ms", p.at(95));
        results.record(system, "polling_p99_ms", p.at(99));
        results.record(system, "polling_max_ms", p.max());
        results.record(system, "records", p.count());
    }
}
