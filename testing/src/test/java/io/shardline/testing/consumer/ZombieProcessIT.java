package io.shardline.testing.consumer;

import static io.shardline.testing.consumer.ConsumerIt.SHARDS;
import static io.shardline.testing.consumer.ConsumerIt.records;
import static io.shardline.testing.consumer.ConsumerIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.Scheduler;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import io.shardline.testing.consumer.WorkerProcessIT.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker JVM paused with SIGSTOP past the failover timeout (a zombie: long GC pause, frozen VM) loses its shards to
 * a live worker; when SIGCONT resumes it in the middle of a batch, its checkpoint is rejected (the lease's owner and
 * counter moved), so it never overwrites the new owner's progress.
 */
@WithLocalAws
class ZombieProcessIT {

    private final LocalAws aws;
    private final Ledger ledger = new Ledger();

    ZombieProcessIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void aWorkerResumedAfterSigstopPastFailoverCannotCheckpoint(TestNames names, @TempDir Path dir)
            throws Exception {
        assumeTrue(aws.kinesisEndpoint() != null, "needs local emulators (the child JVM gets their endpoints)");
        String stream = names.stream();
        String app = names.application();
        aws.streams().create(stream, SHARDS);
        List<String> written = new ArrayList<>(aws.streams().putRecords(stream, records(0, 200)));
        Path journal = dir.resolve("journal.txt");
        // 1 s of simulated work per batch, so the pause lands inside a batch, before its checkpoint.
        Process zombie = WorkerMain.launch(aws, stream, app, "zombie", journal, dir.resolve("zombie.log"), 1_000);
        Scheduler live = null;
        try {
            waiting("the zombie-to-be processes its first batches").until(() -> Journal.read(journal).lines()
                    .stream().anyMatch(l -> l.kind().equals("C")));
            live = Scheduler.create(ConsumerIt.config(aws, app, stream, "live", ledger.processors("live"),
                    new SimpleMeterRegistry()).build());
            live.start();
            Scheduler b = live;
            waiting("two shards handed to the live worker").until(() -> b.ownedLeaseKeys().size() == 2);
            written.addAll(aws.streams().putRecords(stream, records(200, 600)));
            waiting("the zombie-to-be is inside a batch").until(() -> insideBatch(Journal.read(journal)));

            signal("STOP", zombie);
            waiting("the live worker took every shard").until(() -> b.ownedLeaseKeys().size() == SHARDS);
            waiting("every record processed").until(() -> processedAnywhere(journal).containsAll(written));
            int linesBeforeResume = Journal.read(journal).lines().size();
            signal("CONT", zombie);

            waiting("the resumed zombie tried its checkpoint").until(() -> afterResume(journal, linesBeforeResume)
                    .stream().anyMatch(l -> l.kind().equals("C")));
            List<Journal.Line> resumed = afterResume(journal, linesBeforeResume);
            assertThat(resumed).filteredOn(l -> l.kind().equals("C"))
                    .as("every checkpoint the zombie attempts after resuming is rejected as LEASE_LOST")
                    .isNotEmpty()
                    .allMatch(l -> l.rest().equals("LEASE_LOST"));
            LeaseStore leases = LeaseStore.dynamoDb(aws.dynamoDbAsync(), LeaseTableConfig.of(app));
            assertThat(leases.list()).as("the live worker owns every lease; the zombie moved nothing")
                    .hasSize(SHARDS)
                    .allMatch(l -> "live".equals(l.owner()));
        } finally {
            zombie.destroyForcibly();
            if (live != null) {
                live.close();
            }
        }
    }

    /** The last journal line of some shard is a P (batch taken, checkpoint not yet attempted). */
    private static boolean insideBatch(Journal journal) {
        Map<String, String> lastKind = new HashMap<>();
        journal.lines().forEach(l -> lastKind.put(l.shard(), l.kind()));
        return lastKind.containsValue("P");
    }

    private static List<Journal.Line> afterResume(Path journal, int linesBeforeResume) {
        List<Journal.Line> lines = Journal.read(journal).lines();
        return lines.size() <= linesBeforeResume ? List.of() : lines.subList(linesBeforeResume, lines.size());
    }

    private Set<String> processedAnywhere(Path journal) {
        Set<String> processed = new HashSet<>();
        Journal.read(journal).records().forEach(line -> processed.add(line.position().sequenceNumber()));
        ledger.entries.forEach(e -> processed.add(e.position().sequenceNumber()));
        return processed;
    }

    private static void signal(String signal, Process process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, process.pid()).isZero();
    }
}
