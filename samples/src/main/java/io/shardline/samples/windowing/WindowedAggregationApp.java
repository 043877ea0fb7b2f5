package io.shardline.samples.windowing;

import io.shardline.checkpoint.CheckpointerConfig;
import io.shardline.kcl.Scheduler;
import io.shardline.samples.common.Cli;
import io.shardline.samples.common.ConsumerOptions;
import io.shardline.samples.common.ConsumerRunner;
import io.shardline.samples.common.DurationConverter;
import io.shardline.samples.common.Tables;
import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aggregate}: one worker of the windowed aggregation application. */
@Command(name = "aggregate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tumbling windows per partition key: count, sum, min and max of a numeric field of the JSON "
                + "payload, by event time. Open windows are committed with each checkpoint, so every window is "
                + "written exactly once to the results table, also across worker failures and reshards.",
                "Without endpoint flags it uses real AWS (default credentials and region)."})
public final class WindowedAggregationApp implements Callable<Integer> {

    @Mixin
    ConsumerOptions consumer = new ConsumerOptions();

    @Option(names = "--application", defaultValue = "shardline-windows", paramLabel = "NAME",
            description = "Application name (lease table name). Default: ${DEFAULT-VALUE}.")
    String application;

    @Option(names = "--results-table", paramLabel = "TABLE",
            description = "DynamoDB table of closed windows (hash 'window', range 'shard'); created if missing. "
                    + "Default: <application>-results.")
    String resultsTable;

    @Option(names = "--window", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Window length. Default: ${DEFAULT-VALUE}.")
    Duration window;

    @Option(names = "--lateness", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How far behind the shard's newest event time a record may be and still count. Default: ${DEFAULT-VALUE}.")
    Duration lateness;

    @Option(names = "--field", defaultValue = "value", paramLabel = "NAME",
            description = "The numeric payload field to aggregate. Default: ${DEFAULT-VALUE}.")
    String field;

    @Option(names = "--time-field", defaultValue = "ts", paramLabel = "NAME",
            description = "The payload field with the event time in epoch ms (else the arrival time). Default: ${DEFAULT-VALUE}.")
    String timeField;

    @Option(names = "--checkpoint-interval", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Checkpoint (with the open windows) at least this often. Default: ${DEFAULT-VALUE}.")
    Duration checkpointInterval;

    @Option(names = "--quiet", description = "Do not print each window written.")
    boolean quiet;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        Cli.exit(new WindowedAggregationApp(), args);
    }

    @Override
    public Integer call() {
        String table = resultsTable != null ? resultsTable : application + "-results";
        Tables.ensure(consumer.dynamoDbClient(), table, DynamoDbWindowResults.WINDOW, DynamoDbWindowResults.SHARD);
        DynamoDbWindowResults results = new DynamoDbWindowResults(consumer.dynamoDbClient(), table,
                w -> {
                    if (!quiet) {
                        out.println("window " + w);
                    }
                });
        AtomicLong unparsable = new AtomicLong();
        WindowedAggregationProcessor.Settings settings = new WindowedAggregationProcessor.Settings(window, lateness,
                field, timeField, results, checkpointInterval, InstantSource.system(), unparsable);
        Scheduler scheduler = Scheduler.create(consumer.config(application,
                        WindowedAggregationProcessor.factory(settings))
                // Open windows are the state: allow the largest state the checkpointer takes.
                .checkpointerConfig(CheckpointerConfig.builder().maxStateBytes(CheckpointerConfig.HARD_MAX_STATE_BYTES).build())
                .build());
        ScheduledExecutorService reports = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "windows-reports"));
        ConsumerRunner.runUntilStopped(scheduler, consumer.exitWithParent,
                () -> reports.scheduleAtFixedRate(() -> report(results, unparsable), 10, 10, TimeUnit.SECONDS), () -> {
            reports.shutdownNow();
            report(results, unparsable);
        });
        return 0;
    }

    private void report(DynamoDbWindowResults results, AtomicLong unparsable) {
        out.println("windows written: " + results.written() + " (rewritten after a failover: "
                + results.alreadyWritten() + ", conflicts: " + results.conflicts() + "); records without a numeric '"
                + field + "': " + unparsable.get());
        out.flush();
    }
}
