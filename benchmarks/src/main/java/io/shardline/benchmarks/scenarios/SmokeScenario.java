package io.shardline.benchmarks.scenarios;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.ConsumerSystem;
import io.shardline.benchmarks.harness.DeliveryLog;
import io.shardline.benchmarks.harness.Producer;
import io.shardline.benchmarks.harness.WorkerGroup;
import io.shardline.benchmarks.harness.Wait;
import io.shardline.benchmarks.harness.WorkerProcess;
import io.shardline.testing.LocalAws;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Smoke run of one system on the emulators: a 2-shard stream with {@value #RECORDS} records put before one worker
 * process starts; the worker must deliver all of them within {@link #DEADLINE}. Figures: {@code records} (distinct
 * records delivered), {@code startup_ms} (worker JVM launch to first record), {@code duplicates},
 * {@code order_violations} (per key), {@code sigterm_exit_ms} (SIGTERM to process exit: the system's graceful
 * shutdown with no peer to hand over to).
 */
final class SmokeScenario {

    static final int RECORDS = 200;
    static final int SHARDS = 2;
    static final int KEYS = 20;
    static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(SmokeScenario.class);

    private final LocalAws aws;
    private final Results results;
    private final Path logDir;

    SmokeScenario(LocalAws aws, Results results, Path logDir) {
        this.aws = aws;
        this.results = results;
        this.logDir = logDir;
    }

    /** Runs the smoke for {@code system} and records its figures; fails when not every record arrived. */
    void run(ConsumerSystem system) {
        String stream = "smoke-" + system.name();
        String application = "smoke-" + system.name() + "-app";
        List<Shard> shards = aws.streams().create(stream, SHARDS);
        new Producer(aws.streams(), stream, KEYS).put(RECORDS);
        system.prepare(aws.dynamoDb(), application, shards);
        DeliveryLog deliveries = new DeliveryLog();
        try (WorkerGroup group = new WorkerGroup(system, aws.kinesisEndpoint(), aws.dynamoDbEndpoint(), stream,
                application, logDir.resolve(system.name()), deliveries)) {
            WorkerProcess worker = group.start(system.name() + "-1");
            boolean all = Wait.holdsWithin(DEADLINE, Wait.DEFAULT_POLL,
                    () -> deliveries.distinctCount() >= RECORDS || !worker.isAlive());
            results.record(system.name(), "records", deliveries.distinctCount());
            deliveries.firstDeliveryAt().ifPresent(first ->
                    results.record(system.name(), "startup_ms", first - worker.launchedMillis()));
            results.record(system.name(), "duplicates", deliveries.duplicates());
            results.record(system.name(), "order_violations", deliveries.keyOrderViolations());
            if (!all || deliveries.distinctCount() < RECORDS) {
                throw new IllegalStateException(system.name() + " delivered " + deliveries.distinctCount() + " of "
                        + RECORDS + " records within " + DEADLINE + "\n" + group.diagnostics());
            }
            long stopping = System.nanoTime();
            if (group.stopAll(STOP_GRACE)) {
                results.record(system.name(), "sigterm_exit_ms", (System.nanoTime() - stopping) / 1_000_000);
            } else {
                log.warn("{} worker did not exit within {} of SIGTERM; killed", system.name(), STOP_GRACE);
            }
        }
        log.info("DynamoDB tables after {}: {}", system.name(), aws.dynamoDb().listTables().tableNames());
    }
}
