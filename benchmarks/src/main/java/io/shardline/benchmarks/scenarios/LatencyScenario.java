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
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Put-to-process latency at a steady low rate, one system at a time, each retrieval mode on its own fresh stream of
 * {@value #SHARDS} shards with one worker process. The workers of every mode of a system start together (KCL's lease
 * assignment takes ~40 s, paid once) and each first takes every shard of its stream; then one mode at a time: a
 * warm-up record per key, a producer putting {@code rate} records per second (one PutRecords call each, keys in
 * turn) for {@code duration}, and the worker is stopped before the next mode is measured. The latency of a record is
 * its first EVENT time minus the wall-clock time just before its put call. Figures per mode ({@code polling},
 * {@code fanout}): {@code <mode>_p50_ms}, {@code _p95_ms}, {@code _p99_ms}, {@code _max_ms}, {@code _records}.
 *
 * <p>A mode that fails for one system (a worker that exits or never delivers) is logged with its workers'
 * diagnostics and leaves its figures out; the other modes and systems still run.
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

    /** One worker per mode of {@code system}, started together, measured one after the other in {@code modes} order. */
    void run(ConsumerSystem system, List<Retrieval> modes) {
        List<Run> runs = new ArrayList<>();
        try {
            for (Retrieval mode : modes) {
                runs.add(start(system, mode));
            }
            runs.forEach(this::awaitLeases);
            for (Run run : runs) {
                measure(run);
            }
        } finally {
            runs.forEach(run -> run.group.close());
        }
    }

    /** A mode of a system in flight: its stream, workers and deliveries; {@code failure} once it failed. */
    private static final class Run {
        final String system;
        final Retrieval mode;
        final String stream;
        final WorkerGroup group;
        final WorkerProcess worker;
        RuntimeException failure;

        Run(String system, Retrieval mode, String stream, WorkerGroup group, WorkerProcess worker) {
            this.system = system;
            this.mode = mode;
            this.stream = stream;
            this.group = group;
            this.worker = worker;
        }

        String name() {
            return system + " " + mode.metricPrefix();
        }
    }

    private Run start(ConsumerSystem system, Retrieval mode) {
        String stream = "latency-" + system.name() + "-" + mode.metricPrefix();
        String application = stream + "-app";
        List<Shard> shards = aws.streams().create(stream, SHARDS);
        system.prepare(aws.dynamoDb(), application, shards);
        ConsumerSystem configured = mode.workerArgs().isEmpty() ? system : system.withArgs(mode.workerArgs());
        WorkerGroup group = new WorkerGroup(configured, aws.kinesisEndpoint(), aws.dynamoDbEndpoint(), stream,
                application, logDir.resolve(system.name() + "-" + mode.metricPrefix()), new DeliveryLog());
        WorkerProcess worker = group.start(system.name() + "-" + mode.metricPrefix() + "-1");
        return new Run(system.name(), mode, stream, group, worker);
    }

    private void awaitLeases(Run run) {
        DeliveryLog deliveries = run.group.log();
        attempt(run, () -> Wait.until(run.worker.workerId() + " to hold all " + SHARDS + " shards", LEASES_TIMEOUT,
                () -> deliveries.owners().size() == SHARDS || !run.worker.isAlive(), run.group::diagnostics));
    }

    private void measure(Run run) {
        attempt(run, () -> {
            Producer producer = new Producer(aws.streams(), run.stream, KEYS);
            warmUp(run, producer);
            long startMillis = System.currentTimeMillis();
            int count = produce(producer);
            Wait.until(run.name() + " to deliver " + producer.count() + " records", DRAIN_TIMEOUT,
                    () -> run.group.log().distinctCount() >= producer.count() || !run.worker.isAlive(),
                    run.group::diagnostics);
            report(run, run.group.log().latenciesMillis(startMillis), count);
        });
        if (!run.group.stopAll(STOP_GRACE)) {
            log.warn("{} worker did not exit within {} of SIGTERM; killed", run.name(), STOP_GRACE);
        }
    }

    /** Runs {@code step} unless the run already failed; a failure is logged and remembered, not thrown. */
    private static void attempt(Run run, Runnable step) {
        if (run.failure != null) {
            return;
        }
        try {
            step.run();
            if (!run.worker.isAlive()) {
                throw new IllegalStateException(run.worker.workerId() + " exited\n" + run.group.diagnostics());
            }
        } catch (RuntimeException e) {
            run.failure = e;
            log.error("latency {}: no figures: {}", run.name(), e.getMessage());
        }
    }

    /** Until the worker has delivered one record per key put now. */
    private void warmUp(Run run, Producer producer) {
        producer.put(KEYS);
        Wait.until(run.worker.workerId() + " to deliver the warm-up records", DRAIN_TIMEOUT,
                () -> run.group.log().distinctCount() >= KEYS || !run.worker.isAlive(), run.group::diagnostics);
        if (!run.worker.isAlive()) {
            throw new IllegalStateException(run.worker.workerId() + " exited\n" + run.group.diagnostics());
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

    private void report(Run run, long[] latencies, int produced) {
        if (latencies.length < produced) {
            throw new IllegalStateException(run.name() + " delivered " + latencies.length + " of " + produced
                    + " measured records");
        }
        Percentiles p = Percentiles.of(latencies);
        String prefix = run.mode.metricPrefix();
        results.record(run.system, prefix + "_p50_ms", p.at(50));
        results.record(run.system, prefix + "_p95_ms", p.at(95));
        results.record(run.system, prefix + "_p99_ms", p.at(99));
        results.record(run.system, prefix + "_max_ms", p.max());
        results.record(run.system, prefix + "_records", p.count());
    }
}
