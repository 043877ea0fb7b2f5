package io.shardline.multilang.it;

import io.shardline.multilang.it.Deliveries.Delivered;
import io.shardline.multilang.it.Deliveries.Session;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestRecord;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code multilang/run-node-sample} runs: Kinesis and DynamoDB emulators on 127.0.0.1, a 4-shard stream, two
 * Shardline MultiLangDaemons (JVMs from the runnable jar) running the Node.js processor on npm's aws-kcl, and a
 * producer. Half-way the first daemon is killed with SIGKILL; the second resumes its shards from the children's
 * checkpoints; at the end it stops gracefully (SIGTERM). Ends with one line:
 * {@code VERIFIED produced=<n> delivered=<n> lost=<n> order_violations=<n> duplicates=<n> replayed_after_kill=<n>}
 * and exits 0 only when nothing was lost, nothing was out of order and every duplicate is a record the killed daemon's
 * children had received after their last checkpoint.
 *
 * <p>Arguments: {@code REPO_ROOT RUN_DIR}.
 */
public final class NodeSampleRun {

    private static final int SHARDS = 4;
    private static final int KEYS = 20;
    private static final int ROUNDS = 30;
    private static final Duration ROUND_PAUSE = Duration.ofMillis(300);

    private NodeSampleRun() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        Path run = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
        Path out = Files.createDirectories(run.resolve("out"));
        Path jar = root.resolve("multilang/target/shardline-multilang.jar");
        say("Installing the Node.js processor (npm ci of aws-kcl 2.3.2, cached)...");
        Path node = NodeSample.install(root.resolve("multilang/node-sample"));
        say("Starting Kinesis and DynamoDB emulators on 127.0.0.1...");
        int exit;
        try (LocalAws aws = LocalAws.start()) {
            exit = run(aws, jar, node, run, out);
        }
        System.exit(exit);
    }

    private static int run(LocalAws aws, Path jar, Path node, Path run, Path out) throws Exception {
        String suffix = Long.toString(Instant.now().getEpochSecond(), 36);
        String stream = "node-sample-" + suffix;
        String app = "node-sample-app-" + suffix;
        aws.streams().create(stream, SHARDS);
        say("Stream " + stream + " with " + SHARDS + " shards; lease table " + app);
        Daemon d1 = Daemon.start("daemon-1", jar, properties(aws, run, "daemon-1", node, out, stream, app));
        Daemon d2 = Daemon.start("daemon-2", jar, properties(aws, run, "daemon-2", node, out, stream, app));
        say("Started " + d1 + " and " + d2 + ": java -jar " + jar.getFileName() + " -p <name>.properties (logs in "
                + run + ")");
        long waitUntil = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!balanced(Deliveries.read(out), d1, d2) && System.nanoTime() < waitUntil) {
            Thread.sleep(250);
        }
        say("Each daemon runs a Node.js child per shard it holds: "
                + latest(Deliveries.read(out)).stream().map(s -> s.shardId() + "@" + (s.daemonPid() == d1.pid()
                        ? "daemon-1" : "daemon-2")).sorted().toList());
        List<String> produced = new ArrayList<>();
        Map<String, String> checkpointsAtKill = Map.of();
        List<Session> killed = List.of();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<TestRecord> records = new ArrayList<>();
                for (int k = 0; k < KEYS; k++) {
                    records.add(TestRecord.of("key-" + k, "key-" + k + ":" + round));
                }
                aws.streams().putRecords(stream, records);
                records.forEach(r -> produced.add(r.text()));
                if (round == ROUNDS / 2) {
                    killed = latest(Deliveries.read(out)).stream().filter(s -> s.daemonPid() == d1.pid()).toList();
                    d1.kill();
                    checkpointsAtKill = leaseCheckpoints(aws, app);
                    say("SIGKILLed " + d1 + " holding " + killed.stream().map(Session::shardId).toList()
                            + " after " + produced.size() + " records");
                }
                Thread.sleep(ROUND_PAUSE.toMillis());
            }
            say("Produced " + produced.size() + " records; waiting for " + d2 + " to deliver them all...");
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!delivered(Deliveries.read(out)).containsAll(produced) && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            int code = d2.stop();
            say("Stopped " + d2 + " with SIGTERM (exit " + code + "): "
                    + (d2.logTail().contains("Stopped gracefully") ? "graceful" : "NOT graceful"));
        } finally {
            if (d1.alive()) {
                d1.kill();
            }
            if (d2.alive()) {
                d2.kill();
            }
        }
        return verify(Deliveries.read(out), produced, killed, checkpointsAtKill);
    }

    private static int verify(Deliveries deliveries, List<String> produced, List<Session> killed,
            Map<String, String> checkpointsAtKill) {
        Map<String, Long> counts = deliveries.all().stream().collect(Collectors.groupingBy(Delivered::data,
                Collectors.counting()));
        long lost = produced.stream().filter(p -> !counts.containsKey(p)).count();
        long duplicates = counts.values().stream().mapToLong(c -> c - 1).sum();
        Set<String> replayable = new HashSet<>();
        for (Session session : killed) {
            String checkpoint = checkpointsAtKill.get(session.shardId());
            BigInteger after = checkpoint == null || !checkpoint.chars().allMatch(Character::isDigit)
                    ? BigInteger.valueOf(-1) : new BigInteger(checkpoint);
            session.records().stream().filter(r -> r.sequence().compareTo(after) > 0).map(Delivered::data)
                    .forEach(replayable::add);
        }
        long unexplained = counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .filter(e -> !replayable.contains(e.getKey())).count();
        long orderViolations = 0;
        for (Session session : deliveries.sessions()) {
            Map<String, Integer> last = new HashMap<>();
            for (Delivered record : session.records()) {
                String[] parts = record.data().split(":");
                Integer previous = last.put(parts[0], Integer.parseInt(parts[1]));
                if (previous != null && Integer.parseInt(parts[1]) != previous + 1) {
                    orderViolations++;
                }
            }
        }
        say("Children started: " + deliveries.sessions().size() + "; the killed daemon's shards resumed after the"
                + " checkpoints " + checkpointsAtKill.entrySet().stream().filter(e -> killed.stream()
                        .anyMatch(s -> s.shardId().equals(e.getKey()))).map(e -> e.getKey() + "@" + e.getValue())
                        .toList());
        System.out.println("VERIFIED produced=" + produced.size() + " delivered=" + counts.size() + " lost=" + lost
                + " order_violations=" + orderViolations + " duplicates=" + duplicates + " replayed_after_kill="
                + replayable.size() + " unexplained_duplicates=" + unexplained);
        return lost == 0 && orderViolations == 0 && unexplained == 0 ? 0 : 1;
    }

    private static Path properties(LocalAws aws, Path run, String name, Path node, Path out, String stream,
            String app) throws IOException {
        Path file = run.resolve(name + ".properties");
        Files.writeString(file, String.join("\n",
                "# A KCL MultiLangDaemon properties file: the same keys KCL's own daemon reads.",
                "executableName = node " + node.resolve("processor.js") + " " + out + " 25",
                "streamName = " + stream,
                "applicationName = " + app,
                "AWSCredentialsProvider = EnvironmentVariableCredentialsProvider",
                "processingLanguage = nodejs",
                "initialPositionInStream = TRIM_HORIZON",
                "regionName = " + aws.region().id(),
                "kinesisEndpoint = " + aws.kinesisEndpoint(),
                "dynamoDBEndpoint = " + aws.dynamoDbEndpoint(),
                "workerId = " + name,
                "maxRecords = 100",
                "idleTimeBetweenReadsInMillis = 250",
                "failoverTimeMillis = 3000",
                "timeoutInSeconds = 60",
                "") + "\n");
        return file;
    }

    private static boolean balanced(Deliveries deliveries, Daemon d1, Daemon d2) {
        List<Session> latest = latest(deliveries);
        return latest.size() == SHARDS && latest.stream().filter(s -> s.daemonPid() == d1.pid()).count() == SHARDS / 2
                && latest.stream().filter(s -> s.daemonPid() == d2.pid()).count() == SHARDS / 2;
    }

    private static List<Session> latest(Deliveries deliveries) {
        Map<String, Session> latest = new HashMap<>();
        deliveries.sessions().forEach(s -> latest.put(s.shardId(), s));
        return List.copyOf(latest.values());
    }

    private static Set<String> delivered(Deliveries deliveries) {
        return deliveries.all().stream().map(Delivered::data).collect(Collectors.toSet());
    }

    private static Map<String, String> leaseCheckpoints(LocalAws aws, String app) {
        return aws.dynamoDb().scan(b -> b.tableName(app)).items().stream()
                .filter(item -> item.containsKey("checkpoint"))
                .collect(Collectors.toMap(item -> item.get("leaseKey").s(), item -> item.get("checkpoint").s()));
    }

    private static void say(String line) {
        System.out.println("[run-node-sample] " + line);
    }
}
