package io.shardline.kclcompat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * One migration scenario's world: a stream, the KCL application's lease table (same name as the application, as
 * KCL's default), the records put, the KCL worker JVMs and Shardline schedulers started (all stopped by
 * {@link #close()}), and waits that name what they wait for and show the KCL worker's log when they time out.
 */
final class Migration implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Migration.class);
    /** Generous: KCL and Shardline share two loaded cores with other builds. */
    static final Duration DEADLINE = Duration.ofSeconds(150);

    final LocalAws aws;
    final String stream;
    final String application;
    final KclLeaseTable table;
    final StreamRecords records;
    private final Path dir;
    private final List<KclWorker> kclWorkers = new ArrayList<>();
    private final List<Scheduler> schedulers = new ArrayList<>();

    Migration(LocalAws aws, TestNames names) {
        this.aws = aws;
        this.stream = names.stream();
        this.application = names.application();
        this.table = new KclLeaseTable(aws.dynamoDb(), application);
        this.records = new StreamRecords(aws.streams(), stream);
        this.dir = Path.of("target", "kcl-workers", application);
    }

    /** Creates the stream and KCL's lease table with its first leases; returns the shards. */
    List<Shard> createStream(int shards) {
        List<Shard> created = aws.streams().create(stream, shards);
        table.create(created);
        return created;
    }

    /**
     * The checkpoints in the lease table now, by shard. A shard without a lease that is the parent of a shard with
     * one counts as {@code SHARD_END}: its lease was deleted once it was finished and its children were under way
     * (Shardline's shard sync does that; KCL's lease cleanup too, after a while), and both libraries treat a missing
     * parent lease as a finished parent.
     */
    Map<String, Checkpoint> checkpoints() {
        Map<String, Checkpoint> checkpoints = new TreeMap<>(table.checkpoints());
        records.parents().forEach((child, parents) -> {
            if (checkpoints.containsKey(child)) {
                parents.forEach(parent -> checkpoints.putIfAbsent(parent, new Checkpoint("SHARD_END", 0)));
            }
        });
        return checkpoints;
    }

    KclWorker startKcl(String workerId) {
        KclWorker worker = KclWorker.start(aws, stream, application, workerId, dir);
        kclWorkers.add(worker);
        return worker;
    }

    /**
     * Starts a Shardline worker on KCL's table with the default coordination timings (heartbeat 1 s, failover 3 s:
     * robust on a loaded machine, where a self-fence would make a clean run replay records). {@code fleetStopped}: the operator's word that KCL is stopped (the migration guide's step 2),
     * leases of a foreign owner are taken after 3 s of a still counter (KCL renews every 1 s here); without it,
     * after {@code foreignOwnerTimeout}, shortened from 15 s to 6 s.
     */
    Scheduler startShardline(String workerId, boolean fleetStopped, ShardlineLedger ledger) {
        LeaseCoordinatorConfig coordinator = LeaseCoordinatorConfig.builder()
                .workerId(workerId)
                .leaseSyncInterval(Duration.ofSeconds(1))
                .foreignOwnerTimeout(Duration.ofSeconds(6))
                .foreignFleetStopped(fleetStopped)
                .foreignOwnerObservation(Duration.ofSeconds(3))
                .build();
        Scheduler scheduler = Scheduler.create(ConsumerConfig.builder()
                .applicationName(application)
                .streamName(stream)
                .kinesisClient(aws.kinesisAsync())
                .dynamoDbClient(aws.dynamoDbAsync())
                .initialPosition(StartingPosition.trimHorizon())
                .retrievalConfig(RetrievalConfig.polling().idleInterval(Duration.ofMillis(200))
                        .callsPerSecondPerShard(5).build())
                .leaseCoordinatorConfig(coordinator)
                .shardSyncInterval(Duration.ofSeconds(2))
                .processingThreads(4)
                .meterRegistry(new SimpleMeterRegistry())
                .processorFactory(ledger.processors())
                .build());
        schedulers.add(scheduler);
        scheduler.start();
        return scheduler;
    }

    /** Graceful Shardline stop: the last worker releases its leases. */
    static void shutDown(Scheduler scheduler) {
        try {
            scheduler.shutdown().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Shardline did not shut down: " + e, e);
        }
    }

    /** Waits for {@code condition}; a timeout names it and shows the end of {@code kcl}'s log (null: none). */
    void await(String what, KclWorker kcl, Callable<Boolean> condition) {
        long started = System.nanoTime();
        try {
            Awaitility.await(what).atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + (kcl == null ? "" : "\n" + kcl.logTail(80))
                    + "\nlease table:\n" + table.describe(), e);
        }
        log.info("{}: after {} ms", what, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void close() {
        schedulers.forEach(Scheduler::close);
        kclWorkers.forEach(KclWorker::close);
    }
}
