package io.shardline.multilang.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardline.multilang.it.Deliveries.Delivered;
import io.shardline.multilang.it.Deliveries.Session;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.TestRecord;
import io.shardline.testing.WithLocalAws;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Node.js client (npm aws-kcl 2.3.2, {@code multilang/node-sample/processor.js}) on Shardline's
 * MultiLangDaemon: two daemons in their own JVMs, four shards on the emulators. Every record delivered, in order per
 * key within each child; the lease table's checkpoints are the ones the children asked for; a daemon killed with
 * SIGKILL has its shards resumed by the other exactly after its children's last checkpoints; a joining daemon and a
 * graceful stop (SIGTERM) move shards without a single duplicate.
 */
@WithLocalAws
class NodeClientIT {

    private static final int SHARDS = 4;
    private static final int KEYS = 32;
    private static final int PER_KEY = 8;
    private static final int CHECKPOINT_EVERY = 10;

    private final LocalAws aws;
    private final List<Daemon> daemons = new ArrayList<>();
    private final long started = System.nanoTime();

    NodeClientIT(LocalAws aws) {
        this.aws = aws;
    }

    @AfterEach
    void killDaemons() throws InterruptedException {
        for (Daemon daemon : daemons) {
            if (daemon.alive()) {
                daemon.kill();
            }
        }
    }

    @Test
    void nodeProcessorsRunOnShardlineThroughAKillAGracefulStopAndAJoin(TestNames names, @TempDir Path dir)
            throws Exception {
        assumeTrue(aws.kinesisEndpoint() != null, "needs local emulators (the daemons get their endpoints)");
        Path jar = Path.of(System.getProperty("shardline.multilang.jar", "target/shardline-multilang.jar"));
        assertThat(jar).as("the runnable jar (mvn package builds it)").isRegularFile();
        Path node = NodeSample.install(Path.of("node-sample"));
        String stream = names.stream();
        String app = names.application();
        Path out = Files.createDirectories(dir.resolve("out"));
        aws.streams().create(stream, SHARDS);

        Daemon d1 = daemon("d1", dir, node, out, stream, app);
        Daemon d2 = daemon("d2", dir, node, out, stream, app);
        waiting("each daemon runs children for two shards", d1, d2).until(() -> {
            Map<Long, Set<String>> owners = owners(Deliveries.read(out));
            return owners.getOrDefault(d1.pid(), Set.of()).size() == SHARDS / 2
                    && owners.getOrDefault(d2.pid(), Set.of()).size() == SHARDS / 2;
        });
        phase("d1 and d2 run two children each");
        List<String> batchA = produce(stream, "a");
        waiting("batch a delivered", d1, d2).until(() -> delivered(Deliveries.read(out)).containsAll(batchA));
        waiting("the lease table holds each shard's last child checkpoint", d1, d2)
                .until(() -> checkpointsAgree(Deliveries.read(out), app));
        phase("batch a delivered by d1 and d2, checkpoints in the lease table");

        // SIGKILL d1: its children lose their daemon; d2 resumes the shards after their last checkpoints.
        Deliveries beforeKill = Deliveries.read(out);
        Map<String, String> table = leaseCheckpoints(app);
        List<Session> killedSessions = latestSessions(beforeKill).stream().filter(s -> s.daemonPid() == d1.pid())
                .toList();
        assertThat(killedSessions).as("d1's children").hasSize(SHARDS / 2);
        d1.kill();
        waiting("d2 took d1's shards", d2).until(() -> owners(Deliveries.read(out)).getOrDefault(d2.pid(), Set.of())
                .size() == SHARDS);
        phase("d1 killed (SIGKILL), d2 took its shards");
        Deliveries afterKill = Deliveries.read(out);
        for (Session killed : killedSessions) {
            Session resumed = latestSessions(afterKill).stream().filter(s -> s.shardId().equals(killed.shardId()))
                    .findFirst().orElseThrow();
            assertThat(resumed.daemonPid()).isEqualTo(d2.pid());
            String checkpoint = killed.lastCheckpoint().orElseThrow();
            assertThat(table.get(killed.shardId())).as("lease table checkpoint of %s", killed.shardId())
                    .isEqualTo(checkpoint);
            assertThat(resumed.startedAfter()).as("d2's child of %s starts after d1's child's last checkpoint",
                    killed.shardId()).isEqualTo(checkpoint);
            List<String> replayed = killed.records().stream()
                    .filter(r -> r.sequence().compareTo(new BigInteger(checkpoint)) > 0).map(Delivered::data)
                    .toList();
            waiting("the records after the checkpoint of " + killed.shardId() + " are delivered again", d2)
                    .until(() -> dataOf(Deliveries.read(out).of(d2.pid()), killed.shardId()).containsAll(replayed));
        }
        List<String> batchB = produce(stream, "b");
        waiting("batch b delivered by d2", d2).until(() -> delivered(Deliveries.read(out)).containsAll(batchB));
        phase("replays after the checkpoints and batch b delivered by d2");

        // d3 joins: shards are handed over (shutdownRequested, checkpoint); then d2 stops gracefully (SIGTERM).
        Daemon d3 = daemon("d3", dir, node, out, stream, app);
        waiting("d3 took shards from d2", d2, d3).until(() -> owners(Deliveries.read(out))
                .getOrDefault(d3.pid(), Set.of()).size() == SHARDS / 2);
        phase("d3 joined and took two shards");
        List<String> batchC = produce(stream, "c");
        waiting("batch c delivered", d2, d3).until(() -> delivered(Deliveries.read(out)).containsAll(batchC));
        assertThat(d2.stop()).as("d2's exit code after SIGTERM (the JVM's 128 + 15)").isEqualTo(143);
        assertThat(d2.logTail()).as("d2 handed its shards over").contains("Stopped gracefully");
        phase("batch c delivered, d2 stopped gracefully (SIGTERM)");
        List<String> batchD = produce(stream, "d");
        waiting("batch d delivered by d3 alone", d3).until(() -> delivered(Deliveries.read(out)).containsAll(batchD)
                && owners(Deliveries.read(out)).getOrDefault(d3.pid(), Set.of()).size() == SHARDS);

        phase("batch d delivered by d3");
        Deliveries end = Deliveries.read(out);
        Map<String, Long> counts = end.all().stream().collect(Collectors.groupingBy(Delivered::data,
                Collectors.counting()));
        List<String> afterTheKill = new ArrayList<>(batchB);
        afterTheKill.addAll(batchC);
        afterTheKill.addAll(batchD);
        assertThat(afterTheKill).as("records of batches b, c, d (a join and a graceful stop): each exactly once")
                .allSatisfy(data -> assertThat(counts.get(data)).as(data).isEqualTo(1L));
        assertThat(counts.keySet()).as("every record delivered, nothing else").containsExactlyInAnyOrderElementsOf(
                concat(batchA, afterTheKill));
        for (Session session : end.sessions()) {
            assertPerKeyOrder(session);
        }
    }

    private void phase(String what) {
        System.out.printf("NodeClientIT %5.1f s: %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    private Daemon daemon(String name, Path dir, Path node, Path out, String stream, String app) throws IOException {
        Path properties = dir.resolve(name + ".properties");
        Files.writeString(properties, String.join("\n",
                "# KCL MultiLangDaemon properties, as for KCL's own daemon",
                "executableName = node " + node.resolve("processor.js") + " " + out + " " + CHECKPOINT_EVERY,
                "streamName = " + stream,
                "applicationName = " + app,
                "AWSCredentialsProvider = EnvironmentVariableCredentialsProvider",
                "processingLanguage = nodejs/" + name,
                "initialPositionInStream = TRIM_HORIZON",
                "regionName = " + aws.region().id(),
                "kinesisEndpoint = " + aws.kinesisEndpoint(),
                "dynamoDBEndpoint = " + aws.dynamoDbEndpoint(),
                "workerId = " + name,
                "retrievalMode = POLLING",
                "maxRecords = 100",
                "idleTimeBetweenReadsInMillis = 250",
                "failoverTimeMillis = 3000",
                "shardSyncIntervalMillis = 10000",
                "timeoutInSeconds = 60",
                "") + "\n");
        Daemon daemon = Daemon.start(name, Path.of(System.getProperty("shardline.multilang.jar",
                "target/shardline-multilang.jar")).toAbsolutePath(), properties);
        daemons.add(daemon);
        return daemon;
    }

    /** {@code KEYS} keys x {@code PER_KEY} records, payload "batch:key:index"; returns the payloads. */
    private List<String> produce(String stream, String batch) {
        List<TestRecord> records = new ArrayList<>();
        for (int i = 0; i < PER_KEY; i++) {
            for (int k = 0; k < KEYS; k++) {
                records.add(TestRecord.of("key-" + k, batch + ":key-" + k + ":" + i));
            }
        }
        aws.streams().putRecords(stream, records);
        return records.stream().map(TestRecord::text).toList();
    }

    private static Set<String> delivered(Deliveries deliveries) {
        return deliveries.all().stream().map(Delivered::data).collect(Collectors.toSet());
    }

    /** The shards each live daemon's children hold: the latest session of each shard names its daemon. */
    private Map<Long, Set<String>> owners(Deliveries deliveries) {
        Map<String, Long> latest = new HashMap<>();
        for (Session session : deliveries.sessions()) {
            latest.put(session.shardId(), session.daemonPid());
        }
        Set<Long> alive = daemons.stream().filter(Daemon::alive).map(Daemon::pid).collect(Collectors.toSet());
        return latest.entrySet().stream().filter(e -> alive.contains(e.getValue())).collect(Collectors.groupingBy(
                Map.Entry::getValue, Collectors.mapping(Map.Entry::getKey, Collectors.toSet())));
    }

    private static List<Session> latestSessions(Deliveries deliveries) {
        Map<String, Session> latest = new HashMap<>();
        deliveries.sessions().forEach(s -> latest.put(s.shardId(), s));
        return List.copyOf(latest.values());
    }

    /** Each shard's latest child checkpointed, and the lease table holds exactly its last checkpoint. */
    private boolean checkpointsAgree(Deliveries deliveries, String app) {
        List<Session> latest = latestSessions(deliveries);
        Map<String, String> table = leaseCheckpoints(app);
        return latest.size() == SHARDS && latest.stream().allMatch(s -> s.lastCheckpoint().isPresent()
                && s.lastCheckpoint().get().equals(table.get(s.shardId())));
    }

    private Map<String, String> leaseCheckpoints(String app) {
        return aws.dynamoDb().scan(b -> b.tableName(app)).items().stream()
                .filter(item -> item.containsKey("checkpoint"))
                .collect(Collectors.toMap(item -> item.get("leaseKey").s(), item -> item.get("checkpoint").s()));
    }

    private static List<String> dataOf(List<Session> sessions, String shardId) {
        return sessions.stream().filter(s -> s.shardId().equals(shardId)).flatMap(s -> s.records().stream())
                .map(Delivered::data).toList();
    }

    private static void assertPerKeyOrder(Session session) {
        Map<String, Integer> last = new HashMap<>();
        for (Delivered record : session.records()) {
            String[] parts = record.data().split(":");
            String batchKey = parts[0] + ":" + parts[1];
            int index = Integer.parseInt(parts[2]);
            Integer previous = last.put(batchKey, index);
            assertThat(previous == null || index == previous + 1)
                    .as("%s of %s follows %s in the child of %s", record.data(), batchKey, previous,
                            session.shardId())
                    .isTrue();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static ConditionFactory waiting(String what, Daemon... watched) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .failFast("a daemon died: " + List.of(watched), () -> {
                    for (Daemon daemon : watched) {
                        if (!daemon.alive()) {
                            throw new AssertionError(daemon + " died; its log:\n" + daemon.logTail());
                        }
                    }
                    return false;
                });
    }
}
