package io.shardline.kclcompat;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.Scheduler;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Migration from real Amazon KCL 3.5.1 to Shardline on the same lease table, and back (docs/migrating-from-kcl.md).
 * A KCL worker JVM ({@link KclWorkerMain}) consumes a 2-shard stream and checkpoints while one shard is split; it is
 * stopped (SIGTERM: KCL's graceful shutdown; or SIGKILL); a Shardline worker continues on KCL's lease table. Each
 * hand-over is judged record by record against the stream's real contents and the checkpoints in the table
 * ({@link Continuation}): the new consumer delivers exactly the records after the previous one's last checkpoint of
 * each shard, once, in order, children after parents, every key in put order; and Shardline leaves KCL's own rows
 * ({@code Migration3.0}, leader, worker metrics) exactly as they were.
 */
@WithLocalAws
class KclMigrationIT {

    private static final Logger log = LoggerFactory.getLogger(KclMigrationIT.class);

    private final LocalAws aws;

    KclMigrationIT(LocalAws aws) {
        this.aws = aws;
    }

    /**
     * Scenarios 1 and 3: graceful KCL stop, Shardline told KCL is stopped ({@code foreignFleetStopped}); a second
     * split while Shardline runs (child leases Shardline creates); then Shardline stops gracefully and a new KCL
     * worker continues from Shardline's checkpoints, the children of both splits included.
     */
    @Test
    void shardlineContinuesFromAGracefullyStoppedKclAndKclContinuesFromShardlineAfterARollback(TestNames names) {
        try (Migration m = new Migration(aws, names)) {
            KclRun kcl = runKclThroughASplit(m, false);
            ShardlineLedger ledger = new ShardlineLedger();
            Map<String, Map<String, AttributeValue>> kclRows = kclRowsBefore(m);
            Scheduler shardline = m.startShardline("shardline-1", true, ledger);
            m.await("Shardline owns a lease", null, () -> !shardline.ownedLeaseKeys().isEmpty());
            List<Shard> shardlineSplit = m.aws.streams().split(m.stream, kcl.shards.get(1).shardId());
            m.records.put(400, 500);
            Continuation afterKcl = new Continuation("Shardline", kcl.checkpoints, m.records.all());
            m.await("Shardline delivers every record after KCL's checkpoints", null,
                    () -> afterKcl.missing(ledger.deliveries()) == 0);
            Migration.shutDown(shardline);
            afterKcl.assertDeliveredExactly(ledger.deliveries(), m.records.parents(), ledger.lostLeases());
            assertThat(m.table.kclRows()).as("KCL's own rows after Shardline ran").isEqualTo(kclRows);
            assertThat(ledger.deliveries()).extracting(Delivery::shardId).as("Shardline consumed the children of "
                    + "the split it saw").contains(ids(shardlineSplit).toArray(String[]::new));

            Map<String, Checkpoint> shardlineCheckpoints = m.checkpoints();
            log.info("lease table after Shardline's graceful stop:\n{}", m.table.describe());
            assertThat(m.table.owners()).as("leases owned after the last Shardline worker stopped gracefully")
                    .allSatisfy((shard, owner) -> assertThat(owner).isEqualTo("-"));
            m.records.put(500, 600);
            KclWorker kcl2 = m.startKcl("kcl-2");
            Continuation rollback = new Continuation("KCL after the rollback", shardlineCheckpoints,
                    m.records.all());
            m.await("KCL delivers every record after Shardline's checkpoints", kcl2,
                    () -> rollback.missing(kcl2.deliveries()) == 0);
            Set<String> kclLostLeases = kcl2.lostLeases();
            assertThat(kcl2.stopGracefully()).as("KCL's exit code").isZero();
            rollback.assertDeliveredExactly(kcl2.deliveries(), m.records.parents(), kclLostLeases);
            assertThat(kcl2.deliveries()).extracting(Delivery::shardId)
                    .as("KCL continued the children of both splits")
                    .contains(ids(kcl.children).toArray(String[]::new))
                    .contains(ids(shardlineSplit).toArray(String[]::new));
            log.info("rollback: KCL delivered {} records after Shardline's checkpoints, which covered {}",
                    kcl2.deliveries().size(), rollback.coveredCount());
        }
    }

    /**
     * Scenario 2: KCL killed with SIGKILL in mid-stream, and Shardline not told (the default path: KCL's leases are
     * taken once their counters stood still for {@code foreignOwnerTimeout}). Shardline replays exactly what KCL
     * delivered after its last checkpoints, and nothing before them.
     */
    @Test
    void shardlineReplaysOnlyFromTheLastCheckpointsOfAKilledKcl(TestNames names) {
        try (Migration m = new Migration(aws, names)) {
            KclRun kcl = runKclThroughASplit(m, true);
            List<Delivery> replays = shardlineContinues(m, kcl, false).stream()
                    .filter(d -> kcl.delivered.stream().anyMatch(k -> k.index() == d.index())).toList();
            log.info("Shardline replayed {} records KCL had delivered after its last checkpoints", replays.size());
        }
    }

    /** What KCL did before it stopped, and the checkpoints it left. */
    private record KclRun(List<Shard> shards, List<Shard> children, Map<String, Checkpoint> checkpoints,
                          List<Delivery> delivered) {
    }

    /**
     * Records 0..149, then a KCL worker; once it delivered 20, shard 0 is split and records 150..299 are put; once
     * KCL delivered from a child, it is stopped (after records 300..399 are put and it delivered one of them, if
     * {@code kill}: a SIGKILL in mid-stream). Checks that KCL's checkpoints cover only records it delivered.
     */
    private KclRun runKclThroughASplit(Migration m, boolean kill) {
        List<Shard> shards = m.createStream(2);
        m.records.put(0, 150);
        KclWorker kcl = m.startKcl("kcl-1");
        m.await("KCL delivers 20 records", kcl, () -> kcl.deliveries().size() >= 20);
        List<Shard> children = m.aws.streams().split(m.stream, shards.get(0).shardId());
        m.records.put(150, 300);
        Set<String> childIds = ids(children);
        m.await("KCL delivers from a child of the split", kcl,
                () -> kcl.deliveries().stream().anyMatch(d -> childIds.contains(d.shardId())));
        if (kill) {
            m.records.put(300, 400);
            m.await("KCL delivers a record put after it started the children", kcl,
                    () -> kcl.deliveries().stream().anyMatch(d -> d.index() >= 300));
            kcl.kill();
        } else {
            assertThat(kcl.stopGracefully()).as("KCL's exit code after SIGTERM").isZero();
            m.records.put(300, 400);
        }
        List<Delivery> delivered = kcl.deliveries();
        Map<String, Checkpoint> checkpoints = m.checkpoints();
        log.info("lease table after KCL {}:\n{}", kill ? "was killed" : "stopped gracefully", m.table.describe());
        Continuation.assertCoveredWereDelivered("KCL", checkpoints, m.records.all(), delivered);
        assertThat(checkpoints.get(shards.get(0).shardId())).as("KCL's checkpoint of the split parent")
                .matches(Checkpoint::isShardEnd);
        return new KclRun(shards, children, checkpoints, delivered);
    }

    /** A Shardline worker on KCL's table: exactly the records after KCL's checkpoints. Returns its deliveries. */
    private List<Delivery> shardlineContinues(Migration m, KclRun kcl, boolean fleetStopped) {
        ShardlineLedger ledger = new ShardlineLedger();
        Map<String, Map<String, AttributeValue>> kclRows = kclRowsBefore(m);
        Scheduler shardline = m.startShardline("shardline-1", fleetStopped, ledger);
        Continuation afterKcl = new Continuation("Shardline", kcl.checkpoints, m.records.all());
        m.await("Shardline delivers every record after KCL's checkpoints", null,
                () -> afterKcl.missing(ledger.deliveries()) == 0);
        Migration.shutDown(shardline);
        afterKcl.assertDeliveredExactly(ledger.deliveries(), m.records.parents(), ledger.lostLeases());
        assertThat(m.table.kclRows()).as("KCL's own rows after Shardline ran").isEqualTo(kclRows);
        log.info("Shardline delivered {} records; KCL's checkpoints covered {}", ledger.deliveries().size(),
                afterKcl.coveredCount());
        return ledger.deliveries();
    }

    /** KCL's own rows before Shardline starts (at least its {@code Migration3.0} row), to compare after. */
    private static Map<String, Map<String, AttributeValue>> kclRowsBefore(Migration m) {
        Map<String, Map<String, AttributeValue>> rows = m.table.kclRows();
        assertThat(rows).as("KCL's own rows in its lease table").containsKey("Migration3.0");
        return rows;
    }

    private static Set<String> ids(List<Shard> shards) {
        return shards.stream().map(Shard::shardId).collect(Collectors.toSet());
    }
}
