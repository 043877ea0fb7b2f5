package io.shardline.benchmarks.migration;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.DeliveryLog;
import io.shardline.benchmarks.harness.LocalAwsConsumers;
import io.shardline.benchmarks.harness.Producer;
import io.shardline.benchmarks.harness.RunDirectory;
import io.shardline.benchmarks.harness.Wait;
import io.shardline.benchmarks.harness.WorkerGroup;
import io.shardline.benchmarks.harness.WorkerProcess;
import io.shardline.benchmarks.kcl.KclSystem;
import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.Scheduler;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.testing.LocalAws;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * {@code benchmarks/run takeover}: a KCL 3.5.1 worker process consumes a stream, checkpoints, and is stopped cleanly
 * (SIGTERM: KCL's graceful shutdown, which leaves {@code leaseOwner} set); then a Shardline worker starts on the same
 * lease table. Figure: {@code takeover_ms}, from the KCL process's exit to Shardline owning every lease, with the
 * default {@code foreignOwnerTimeout} (15 s) and with {@code foreignFleetStopped(true)} (observation 5 s); also
 * {@code kcl_owned_after_stop}, the leases KCL left owned.
 */
@Command(name = "takeover", mixinStandardHelpOptions = true,
        description = "KCL 3.5.1 stopped cleanly, then Shardline on its lease table: ms until Shardline owns every "
                + "lease, default foreignOwnerTimeout vs foreignFleetStopped.")
public final class TakeoverCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(TakeoverCommand.class);
    private static final int RECORDS = 200;
    private static final Duration DEADLINE = Duration.ofSeconds(180);

    @Option(names = "--shards", defaultValue = "2", description = "Shards of the stream (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--trials", defaultValue = "1", description = "Trials per mode (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--rollback", description = "Then roll back: Shardline processes " + MORE + " more records, stops "
            + "gracefully, " + LAST + " more are put, and a new KCL worker must deliver exactly those (figures "
            + "rollback_new_delivered, rollback_replayed).")
    boolean rollback;

    private static final int MORE = 100;
    private static final int LAST = 50;

    @Override
    public Integer call() {
        Results results = new Results("takeover", System.out);
        Path logDir = RunDirectory.create("takeover");
        try (LocalAws aws = LocalAws.start()) {
            for (int trial = 0; trial < trials; trial++) {
                for (boolean fleetStopped : List.of(false, true)) {
                    String mode = fleetStopped ? "shardline_fleet_stopped" : "shardline_default";
                    run(aws, results, logDir, mode + "-" + trial, mode, fleetStopped);
                }
            }
        }
        results.printTable();
        return 0;
    }

    private void run(LocalAws aws, Results results, Path logDir, String name, String system, boolean fleetStopped) {
        String stream = "takeover-" + name.replace('_', '-');
        String app = stream + "-app";
        List<Shard> shardList = aws.streams().create(stream, shards);
        new Producer(aws.streams(), stream, 20).put(RECORDS);
        KclSystem kcl = new KclSystem(true);
        kcl.prepare(aws.dynamoDb(), app, shardList);
        long exitedNanos;
        DeliveryLog deliveries = new DeliveryLog();
        try (WorkerGroup group = new WorkerGroup(kcl, aws.kinesisEndpoint(), aws.dynamoDbEndpoint(), stream, app,
                logDir.resolve(name), deliveries)) {
            WorkerProcess worker = group.start("kcl-1");
            Wait.until("KCL delivers every record", DEADLINE, () -> deliveries.distinctCount() >= RECORDS,
                    group::diagnostics);
            Wait.until("KCL checkpointed every shard", DEADLINE, () -> checkpointed(aws, app) == shards,
                    group::diagnostics);
            if (!group.stopAll(Duration.ofSeconds(60))) {
                throw new IllegalStateException("KCL did not exit within 60 s of SIGTERM\n" + group.diagnostics());
            }
            exitedNanos = System.nanoTime();
            log.info("KCL worker {} exited", worker.workerId());
        }
        results.record(system, "kcl_owned_after_stop", ownedBy(aws, app, "kcl-1"));
        Set<String> checkpointedBefore = ConcurrentHashMap.newKeySet();
        deliveries.deliveries().forEach(d -> checkpointedBefore.add(d.sequenceNumber()));
        AtomicLong processed = new AtomicLong();
        LeaseCoordinatorConfig coordinator = LeaseCoordinatorConfig.builder().workerId("shardline-1")
                .foreignFleetStopped(fleetStopped).build();
        Scheduler scheduler = Scheduler.create(LocalAwsConsumers.config(aws, app, stream)
                .meterRegistry(new SimpleMeterRegistry())
                .leaseCoordinatorConfig(coordinator)
                .processorFactory(RecordHandlers.processorFactory(() -> record -> {
                    processed.incrementAndGet();
                    checkpointedBefore.add(record.sequenceNumber());
                }, CheckpointStrategy.afterEachBatch()))
                .build());
        try {
            scheduler.start();
            Wait.until("Shardline owns every lease", DEADLINE, () -> ownedBy(aws, app, "shardline-1") == shards);
            long takeoverMs = (System.nanoTime() - exitedNanos) / 1_000_000;
            results.record(system, "takeover_ms", takeoverMs);
            results.record(system, "replayed_after_takeover", processed.get());
            if (rollback) {
                new Producer(aws.streams(), stream, 20).put(MORE);
                Wait.until("Shardline processes the new records", DEADLINE, () -> processed.get() >= MORE);
                scheduler.shutdown().get(60, TimeUnit.SECONDS);
                results.record(system, "owned_after_shardline_stop", ownedBy(aws, app, "shardline-1"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Shardline did not shut down: " + e, e);
        } finally {
            scheduler.close();
        }
        if (rollback) {
            rollBack(aws, results, logDir.resolve(name + "-rollback"), stream, app, system, checkpointedBefore);
        }
    }

    /** KCL again on the table Shardline left: it must deliver exactly the records put after Shardline stopped. */
    private void rollBack(LocalAws aws, Results results, Path logDir, String stream, String app, String system,
            Set<String> checkpointedBefore) {
        new Producer(aws.streams(), stream, 20).put(LAST);
        DeliveryLog deliveries = new DeliveryLog();
        try (WorkerGroup group = new WorkerGroup(new KclSystem(false), aws.kinesisEndpoint(), aws.dynamoDbEndpoint(),
                stream, app, logDir, deliveries)) {
            group.start("kcl-2");
            Wait.until("KCL delivers the records put after Shardline stopped", DEADLINE,
                    () -> newDeliveries(deliveries, checkpointedBefore) >= LAST, group::diagnostics);
            results.record(system, "rollback_new_delivered", newDeliveries(deliveries, checkpointedBefore));
            results.record(system, "rollback_replayed", deliveries.deliveries().stream()
                    .filter(d -> checkpointedBefore.contains(d.sequenceNumber())).count());
            group.stopAll(Duration.ofSeconds(60));
        }
    }

    private static long newDeliveries(DeliveryLog deliveries, Set<String> before) {
        return deliveries.deliveries().stream().map(d -> d.sequenceNumber()).filter(seq -> !before.contains(seq))
                .distinct().count();
    }

    private static long ownedBy(LocalAws aws, String table, String owner) {
        return leaseRows(aws, table).stream()
                .filter(row -> row.containsKey("leaseOwner") && owner.equals(row.get("leaseOwner").s())).count();
    }

    private static long checkpointed(LocalAws aws, String table) {
        return leaseRows(aws, table).stream().filter(row -> row.containsKey("checkpoint")
                && !row.get("checkpoint").s().equals("TRIM_HORIZON")).count();
    }

    private static List<Map<String, AttributeValue>> leaseRows(LocalAws aws, String table) {
        return aws.dynamoDb().scan(b -> b.tableName(table).consistentRead(true)).items().stream()
                .filter(row -> row.get("leaseKey").s().startsWith("shardId-")).toList();
    }
}
