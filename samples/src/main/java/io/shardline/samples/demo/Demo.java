package io.shardline.samples.demo;

import io.shardline.samples.common.Cli;
import io.shardline.samples.common.DurationConverter;
import io.shardline.samples.common.OptionChecks;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./demo}: starts Kinesis and DynamoDB emulators, a producer and several workers of the counting app as
 * separate JVMs, shows them live, splits a shard and SIGKILLs a worker part-way, stops the producer, waits until
 * everything put was processed, and verifies. Ends with exactly one line
 * {@code VERIFIED produced=<n> processed=<n> lost=<n> order_violations=<n> duplicates=<n>}; exits 0 only when nothing
 * was lost and no key was processed out of order (duplicates after a SIGKILL are expected: at least once).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a producer and N counting-app workers as separate JVMs on local emulators, splits a shard "
                + "and SIGKILLs a worker part-way, then verifies that every record was processed, in order per key.",
                "Ends with one line: VERIFIED produced=<n> processed=<n> lost=<n> order_violations=<n> duplicates=<n>; "
                + "exit status 0 only when lost=0 and order_violations=0."})
public final class Demo implements Callable<Integer> {

    private static final Pattern PREVIOUS_RUN =
            Pattern.compile("w\\d+\\.(journal|log)|produced\\.log|producer\\.log|demo\\.log");

    /**
     * The demo's settings.
     *
     * @param aggregate    user records per KPL aggregate (1: plain records)
     * @param drainTimeout how long to wait, after the producer stopped, for every record to be processed
     */
    record Settings(int workers, int shards, double rate, Duration duration, boolean chaos, int keys, double zipf,
            int aggregate, boolean ansi, Path runDir, Duration drainTimeout) {
    }

    @Option(names = "--workers", defaultValue = "3", paramLabel = "N",
            description = "Worker JVMs of the counting app. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--shards", defaultValue = "4", paramLabel = "N", description = "Shards of the stream. Default: ${DEFAULT-VALUE}.")
    int shards;

    @Option(names = "--rate", defaultValue = "100", paramLabel = "N",
            description = "Records per second the producer puts. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--duration", defaultValue = "45s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long the producer runs. The shard split comes at 30 %%, the SIGKILL at 55 %%. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--no-chaos", description = "No shard split and no SIGKILL: with graceful handoffs only, expect duplicates=0.")
    boolean noChaos;

    @Option(names = "--keys", defaultValue = "500", paramLabel = "N", description = "Partition keys. Default: ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--zipf", defaultValue = "1.0", paramLabel = "S", description = "Key skew. Default: ${DEFAULT-VALUE}.")
    double zipf;

    @Option(names = "--aggregate", defaultValue = "1", paramLabel = "N",
            description = "The producer packs up to N records of a key into one KPL aggregated record. Default: ${DEFAULT-VALUE} (off).")
    int aggregate;

    @Option(names = "--plain", description = "Plain progress lines instead of the live view (automatic when stdout is not a terminal).")
    boolean plain;

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "Where journals, the producer's log and the logs go. Default: a new temporary directory.")
    Path runDir;

    @Option(names = "--drain-timeout", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to wait for the workers to process everything after the producer stopped. Default: ${DEFAULT-VALUE}.")
    Duration drainTimeout;

    public static void main(String[] args) {
        Cli.exit(new Demo(), args);
    }

    @Override
    public Integer call() throws Exception {
        validate();
        Path dir = runDir != null ? runDir : Files.createTempDirectory("shardline-demo-");
        Files.createDirectories(dir);
        clearPreviousRun(dir);
        logTo(dir);
        boolean ansi = !plain && System.console() != null && !"dumb".equals(System.getenv("TERM"));
        Settings settings = new Settings(workers, shards, rate, duration, !noChaos, keys, zipf, aggregate, ansi,
                dir.toAbsolutePath(), drainTimeout);
        PrintStream out = System.out;
        try {
            return new DemoRun(settings, out, UUID.randomUUID().toString().substring(0, 6)).run();
        } catch (RuntimeException e) {
            out.flush();
            System.err.println("demo failed: " + e.getMessage() + " (details in " + dir.resolve("demo.log") + ")");
            LoggerFactory.getLogger(Demo.class).error("demo failed", e);
            return 2;
        }
    }

    private void validate() {
        OptionChecks.of(this)
                .atLeast("--workers", workers, 1)
                .atLeast("--shards", shards, 1)
                .positive("--rate", rate)
                .positive("--duration", duration)
                .atLeast("--keys", keys, 1)
                .notNegative("--zipf", zipf)
                .atLeast("--aggregate", aggregate, 1)
                .positive("--drain-timeout", drainTimeout);
    }

    /** Journals are appended to (a worker may restart): a reused run directory must not mix two runs. */
    private static void clearPreviousRun(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> PREVIOUS_RUN.matcher(f.getFileName().toString()).matches()).toList()) {
                Files.delete(file);
            }
        }
    }

    /**
     * Sends this JVM's logs (LocalAws, SDK warnings) to {@code demo.log} in the run directory, and the emulators' logs
     * next to it, so the terminal shows only the demo. Must run before anything logs: logback reads the property when
     * it starts.
     */
    private static void logTo(Path dir) {
        System.setProperty("shardline.demo.log", dir.resolve("demo.log").toString());
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-demo.xml");
        }
        if (System.getProperty("shardline.emulators.logDir") == null
                && System.getenv("SHARDLINE_EMULATORS_LOG_DIR") == null) {
            System.setProperty("shardline.emulators.logDir", dir.resolve("emulators").toString());
        }
    }
}
