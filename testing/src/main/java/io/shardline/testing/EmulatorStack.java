package io.shardline.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * kinesis-mock (npm {@code kinesis-local}) and dynalite as child processes of this JVM, both on 127.0.0.1 and
 * free ports. See {@code shardline-preload.js} for how they are held on loopback and stopped when the JVM dies.
 */
final class EmulatorStack implements AwsStack {

    static final Region REGION = Region.US_EAST_1;
    static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private static final Logger log = LoggerFactory.getLogger(EmulatorStack.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final int START_ATTEMPTS = 3;
    private static final Duration OLD_LOGS = Duration.ofDays(2);
    /**
     * kinesis-mock's delay for every asynchronous state change (CREATING, UPDATING, DELETING, consumer
     * registration). It parses Scala durations: "100ms", "1s", "1 second" all work; its config log line shows
     * the result as {"length":100,"unit":"MILLISECONDS"}. Short, but not zero, so tests still see the
     * transitional states that real Kinesis has.
     */
    private static final String STATE_CHANGE_DELAY = "100ms";
    private static final List<String> KINESIS_DURATIONS = List.of(
            "CREATE_STREAM_DURATION", "DELETE_STREAM_DURATION", "SPLIT_SHARD_DURATION", "MERGE_SHARDS_DURATION",
            "UPDATE_SHARD_COUNT_DURATION", "REGISTER_STREAM_CONSUMER_DURATION",
            "DEREGISTER_STREAM_CONSUMER_DURATION", "START_STREAM_ENCRYPTION_DURATION",
            "STOP_STREAM_ENCRYPTION_DURATION", "UPDATE_STREAM_MODE_DURATION");

    private final EmulatorProcess kinesis;
    private final EmulatorProcess dynamoDb;

    private EmulatorStack(EmulatorProcess kinesis, EmulatorProcess dynamoDb) {
        this.kinesis = kinesis;
        this.dynamoDb = dynamoDb;
    }

    static EmulatorStack start() {
        EmulatorInstallation installation = EmulatorInstallation.ensureInstalled();
        Path logDir = logDirectory(installation);
        // dynalite starts in ~1 s, kinesis-mock in ~3 s (node parses its 9 MB bundle): start them side by side.
        CompletableFuture<EmulatorProcess> dynamoDb = CompletableFuture.supplyAsync(
                () -> startHealthy(1, ports -> launchDynalite(installation, logDir, ports),
                        SdkClients::probeDynamoDb, DynamoDbClient::listTables),
                task -> {
                    Thread thread = new Thread(task, "shardline-dynalite-start");
                    thread.setDaemon(true);
                    thread.start();
                });
        EmulatorProcess kinesis;
        try {
            kinesis = startHealthy(2, ports -> launchKinesis(installation, logDir, ports),
                    SdkClients::probeKinesis, KinesisClient::listStreams);
        } catch (RuntimeException e) {
            try {
                dynamoDb.join().close();
            } catch (CompletionException alsoFailed) {
                e.addSuppressed(alsoFailed.getCause());
            }
            throw e;
        }
        try {
            return new EmulatorStack(kinesis, dynamoDb.join());
        } catch (CompletionException e) {
            kinesis.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static EmulatorProcess launchKinesis(EmulatorInstallation installation, Path logDir, List<Integer> ports) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KINESIS_MOCK_PLAIN_PORT", ports.get(0).toString());
        env.put("KINESIS_MOCK_TLS_PORT", ports.get(1).toString());
        env.put("KINESIS_MOCK_CERT_PATH", installation.kinesisCertificate().toString());
        env.put("LOG_LEVEL", "INFO");
        env.put("SHARD_LIMIT", "1000");
        env.put("ON_DEMAND_STREAM_COUNT_LIMIT", "100");
        KINESIS_DURATIONS.forEach(name -> env.put(name, STATE_CHANGE_DELAY));
        List<String> command = List.of(installation.node(), "-r", installation.preload().toString(),
                installation.kinesisMain().toString());
        return EmulatorProcess.launch("kinesis", command, env, installation.dir(),
                logDir.resolve(logName("kinesis", ports)), ports);
    }

    private static EmulatorProcess launchDynalite(EmulatorInstallation installation, Path logDir, List<Integer> ports) {
        List<String> command = List.of(installation.node(), "-r", installation.preload().toString(),
                installation.dynaliteCli().toString(), "--host", "127.0.0.1", "--port", ports.get(0).toString(),
                "--createTableMs", "50", "--deleteTableMs", "50", "--updateTableMs", "50");
        return EmulatorProcess.launch("dynamodb", command, Map.of(), installation.dir(),
                logDir.resolve(logName("dynamodb", ports)), ports);
    }

    /**
     * Launches the emulator on fresh free ports and waits until {@code check} passes against its first port.
     * A port taken by someone else between our probe and the emulator's bind gets a new try on new ports.
     */
    private static <C extends SdkClient> EmulatorProcess startHealthy(int portCount,
                                                                      Function<List<Integer>, EmulatorProcess> launcher,
                                                                      Function<URI, C> probe, Consumer<C> check) {
        for (int attempt = 1; ; attempt++) {
            List<Integer> ports = EmulatorProcess.freeLoopbackPorts(portCount);
            EmulatorProcess emulator = launcher.apply(ports);
            try (C client = probe.apply(endpoint(ports.get(0)))) {
                emulator.awaitHealthy(STARTUP_TIMEOUT, () -> check.accept(client));
                return emulator;
            } catch (EmulatorProcess.EmulatorStartException e) {
                emulator.close();
                if (attempt < START_ATTEMPTS && emulator.failedToBind()) {
                    log.warn("{} could not bind port(s) {}; retrying on other ports", emulator.name(), ports);
                    continue;
                }
                throw e;
            } catch (RuntimeException e) {
                emulator.close();
                throw e;
            }
        }
    }

    private static URI endpoint(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static String logName(String name, List<Integer> ports) {
        return name + "-" + ProcessHandle.current().pid() + "-" + ports.get(0) + ".log";
    }

    private static Path logDirectory(EmulatorInstallation installation) {
        return Settings.EMULATORS_LOG_DIR.path().orElseGet(() -> {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                return target.resolve("shardline-emulators").toAbsolutePath();
            }
            Path logs = installation.dir().resolve("logs");
            deleteOldLogs(logs);
            return logs;
        });
    }

    private static void deleteOldLogs(Path logs) {
        if (!Files.isDirectory(logs)) {
            return;
        }
        Instant cutoff = Instant.now().minus(OLD_LOGS);
        try (Stream<Path> files = Files.list(logs)) {
            files.filter(file -> file.toString().endsWith(".log")).forEach(file -> {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException ignored) {
                    // another JVM may be cleaning up too
                }
            });
        } catch (IOException e) {
            log.debug("Cannot clean up old emulator logs in {}", logs, e);
        }
    }

    @Override
    public Region region() {
        return REGION;
    }

    @Override
    public URI kinesisEndpoint() {
        return endpoint(kinesis.ports().get(0));
    }

    @Override
    public URI dynamoDbEndpoint() {
        return endpoint(dynamoDb.ports().get(0));
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return CREDENTIALS;
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public String logTail(int lines) {
        return section(kinesis, lines) + "\n" + section(dynamoDb, lines);
    }

    private static String section(EmulatorProcess emulator, int lines) {
        return "----- " + emulator + (emulator.isAlive() ? "" : " [exited]") + ", log " + emulator.logFile()
                + " -----\n" + emulator.logTail(lines);
    }

    @Override
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put(kinesis.name(), kinesis.pid());
        pids.put(dynamoDb.name(), dynamoDb.pid());
        return pids;
    }

    @Override
    public void close() {
        kinesis.close();
        dynamoDb.close();
    }

    @Override
    public String toString() {
        return "emulators: " + kinesis + " at " + kinesisEndpoint() + ", " + dynamoDb + " at " + dynamoDbEndpoint();
    }
}
