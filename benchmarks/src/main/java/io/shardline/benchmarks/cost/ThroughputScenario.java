package io.shardline.benchmarks.cost;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.ConsumerSystem;
import io.shardline.benchmarks.harness.DeliveryLog;
import io.shardline.benchmarks.harness.LineProtocol;
import io.shardline.benchmarks.harness.Wait;
import io.shardline.benchmarks.harness.WorkerGroup;
import io.shardline.benchmarks.harness.WorkerLine;
import io.shardline.benchmarks.harness.WorkerProcess;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.testing.LocalAws;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Drains one stream filled ahead of time, one system at a time, each with its own application (lease table) and one
 * worker process reading from TRIM_HORIZON. The window runs from the worker's first {@code LEASE acquired} line to its
 * last batch line (every shard's last record processed and checkpointed). Figures: {@code records_per_s} (records /
 * window), {@code cpu_s_per_million} (CPU seconds of the worker JVM, every thread, during the window, per million
 * records; the emulators and the driver are not included), {@code drain_s}, {@code records}.
 */
final class ThroughputScenario {

    private static final Duration LEASES_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final Duration FAST_POLL = Duration.ofMillis(5);
    private static final Duration DRAIN_POLL = Duration.ofMillis(100);
    private static final Logger log = LoggerFactory.getLogger(ThroughputScenario.class);

    private final LocalAws aws;
    private final Results results;
    private final Path runDir;
    private final String stream;
    private final List<Shard> shards;
    private final Map<String, ExtendedSequenceNumber> lastPut;
    private final long total;
    private final Duration drainTimeout;

    ThroughputScenario(LocalAws aws, Results results, Path runDir, String stream, List<Shard> shards,
            Map<String, ExtendedSequenceNumber> lastPut, long total, Duration drainTimeout) {
        this.aws = aws;
        this.results = results;
        this.runDir = runDir;
        this.stream = stream;
        this.shards = shards;
        this.lastPut = lastPut;
        this.total = total;
        this.drainTimeout = drainTimeout;
    }

    void run(ConsumerSystem system) {
        String application = "throughput-" + system.name() + "-app";
        system.prepare(aws.dynamoDb(), application, shards);
        DeliveryLog lines = new DeliveryLog();
        DrainProgress progress = new DrainProgress(lastPut);
        try (WorkerGroup group = new WorkerGroup(system, aws.kinesisEndpoint(), aws.dynamoDbEndpoint(), stream,
                application, runDir.resolve(system.name()), lines)) {
            WorkerProcess worker = group.start(system.name() + "-1");
            if (!Wait.holdsWithin(LEASES_TIMEOUT, FAST_POLL, () -> !lines.leaseChanges().isEmpty()
                    || !worker.isAlive())) {
                throw new IllegalStateException(system.name() + " took no lease within " + LEASES_TIMEOUT + "\n"
                        + group.diagnostics());
            }
            Duration cpuAtStart = ProcessCpu.of(worker.pid());
            long startMillis = lines.leaseChanges().get(0).atMillis();
            if (!Wait.holdsWithin(drainTimeout, DRAIN_POLL, () -> progress.of(lines.deliveries()).drained()
                    || !worker.isAlive())) {
                throw new IllegalStateException(system.name() + " did not drain the stream within " + drainTimeout
                        + ": " + progress.of(lines.deliveries()) + "\n" + group.diagnostics());
            }
            Duration cpu = ProcessCpu.of(worker.pid()).minus(cpuAtStart);
            DrainProgress.Snapshot done = progress.of(lines.deliveries());
            if (!worker.isAlive() || done.records() < total) {
                throw new IllegalStateException(system.name() + " reported " + done + " of " + total + " records"
                        + (worker.isAlive() ? "" : " and exited") + "\n" + group.diagnostics());
            }
            report(system.name(), done, startMillis, cpu, lines.leaseChanges());
            writeBatchLines(runDir.resolve(system.name()).resolve("batches.txt"), lines.deliveries());
            if (!group.stopAll(STOP_GRACE)) {
                log.warn("{} worker did not exit within {} of SIGTERM; killed", system.name(), STOP_GRACE);
            }
        }
    }

    /** The batch lines, for a look at batch sizes and pacing after the run. */
    private static void writeBatchLines(Path file, List<WorkerLine.Delivery> deliveries) {
        try {
            Files.write(file, deliveries.stream().map(LineProtocol::format).toList(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("cannot write {}: {}", file, e.toString());
        }
    }

    private void report(String system, DrainProgress.Snapshot done, long startMillis, Duration cpu,
            List<WorkerLine.LeaseChange> leases) {
        long windowMillis = done.lastBatchAt().orElseThrow() - startMillis;
        long allLeasesAt = leases.stream().limit(shards.size()).mapToLong(WorkerLine.LeaseChange::atMillis).max()
                .orElse(startMillis);
        log.info("{}: {} records in {} ms, worker CPU {} ms; all {} shards started {} ms after the first", system,
                done.records(), windowMillis, cpu.toMillis(), shards.size(), allLeasesAt - startMillis);
        results.record(system, "records_per_s", Math.round(done.records() * 1000.0 / windowMillis));
        results.record(system, "cpu_s_per_million", cpu.toMillis() / 1000.0 / (done.records() / 1e6));
        results.record(system, "drain_s", windowMillis / 1000.0);
        results.record(system, "records", done.records());
        results.record(system, "shards_started_within_ms", allLeasesAt - startMillis);
    }
}
