package io.shardline.samples.counting;

import io.shardline.kcl.Scheduler;
import io.shardline.samples.common.Cli;
import io.shardline.samples.common.ConsumerOptions;
import io.shardline.samples.common.ConsumerRunner;
import io.shardline.samples.common.DeliveryJournal;
import io.shardline.samples.common.DurationConverter;
import io.shardline.samples.common.ShardActivity;
import io.shardline.samples.common.Tables;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * {@code count}: one worker of the counting application. Start several (on one machine or many) with the same
 * {@code --application} and they share the stream's shards.
 */
@Command(name = "count", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Counts records per partition key and exports the counts: at least once (a record may be "
                + "counted twice after a worker dies, never lost). Runs until Ctrl-C, then hands its shards over.",
                "Without endpoint flags it uses real AWS (default credentials and region)."})
public final class CountingApp implements Callable<Integer> {

    @Mixin
    ConsumerOptions consumer = new ConsumerOptions();

    @Option(names = "--application", defaultValue = "shardline-counting", paramLabel = "NAME",
            description = "Application name: lease table name and what workers of one app share. Default: ${DEFAULT-VALUE}.")
    String application;

    @Option(names = "--counts-table", paramLabel = "TABLE",
            description = "DynamoDB table (hash key 'key') the counts are added to before each checkpoint; created if missing.")
    String countsTable;

    @Option(names = "--counts-file", paramLabel = "FILE",
            description = "Writes this worker's counts (key<TAB>count, highest first) every report interval.")
    Path countsFile;

    @Option(names = "--report-interval", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How often to print the top keys (0 = never). Default: ${DEFAULT-VALUE}.")
    Duration reportInterval;

    @Option(names = "--top", defaultValue = "10", paramLabel = "N", description = "Keys per report. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--checkpoint-interval", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How often each shard exports its counts and checkpoints. Default: ${DEFAULT-VALUE}.")
    Duration checkpointInterval;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "Appends one line per processed record (time, shard, producer sequence, key), for verification.")
    Path journal;

    @Option(names = "--status-lines", description = "Prints a machine-readable '@status' line every 500 ms (for the demo).")
    boolean statusLines;

    private final PrintStream out;

    public CountingApp() {
        this(System.out);
    }

    CountingApp(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        Cli.exit(new CountingApp(), args);
    }

    @Override
    public Integer call() {
        KeyCounts totals = new KeyCounts();
        ShardActivity activity = new ShardActivity();
        DeliveryJournal deliveries = journal == null ? null : DeliveryJournal.open(journal);
        CountSink sink = countsTable == null ? CountSink.NONE : countsSink(consumer.dynamoDbClient());
        CountingProcessor.Wiring wiring = new CountingProcessor.Wiring(totals, sink, deliveries, activity,
                checkpointInterval, InstantSource.system());
        Scheduler scheduler = Scheduler.create(
                consumer.config(application, CountingProcessor.factory(wiring)).build());
        ScheduledExecutorService reports = Executors.newSingleThreadScheduledExecutor(
                r -> new Thread(r, "counting-reports"));
        Runnable started = () -> {
            if (statusLines) {
                reports.scheduleAtFixedRate(() -> out.println(activity.status().format()), 0, 500,
                        TimeUnit.MILLISECONDS);
            }
            if (!reportInterval.isZero()) {
                long ms = reportInterval.toMillis();
                reports.scheduleAtFixedRate(() -> report(totals), ms, ms, TimeUnit.MILLISECONDS);
            }
        };
        ConsumerRunner.runUntilStopped(scheduler, consumer.exitWithParent, started, () -> {
            reports.shutdownNow();
            if (deliveries != null) {
                deliveries.close();
            }
            if (statusLines) {
                out.println(activity.status().format());
            }
            report(totals);
            out.flush();
        });
        return 0;
    }

    private CountSink countsSink(DynamoDbAsyncClient dynamoDb) {
        Tables.ensure(dynamoDb, countsTable, DynamoDbCountSink.KEY, null);
        return new DynamoDbCountSink(dynamoDb, countsTable);
    }

    private void report(KeyCounts totals) {
        if (!reportInterval.isZero()) {
            out.println("counted " + totals.total() + " records of " + totals.keys() + " keys; top: "
                    + totals.top(top).stream().map(c -> c.key() + "=" + c.count()).collect(Collectors.joining(" ")));
        }
        if (countsFile != null) {
            writeCountsFile(totals);
        }
    }

    private void writeCountsFile(KeyCounts totals) {
        String text = totals.sorted().stream().map(c -> c.key() + "\t" + c.count() + "\n").collect(Collectors.joining());
        try {
            Path tmp = countsFile.resolveSibling(countsFile.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, countsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + countsFile, e);
        }
    }
}
