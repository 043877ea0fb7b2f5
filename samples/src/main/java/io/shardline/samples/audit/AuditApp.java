package io.shardline.samples.audit;

import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.kcl.RecordHandler;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.samples.common.Cli;
import io.shardline.samples.common.ConsumerOptions;
import io.shardline.samples.common.ConsumerRunner;
import io.shardline.samples.common.DeliveryJournal;
import io.shardline.samples.common.DurationConverter;
import io.shardline.samples.common.SamplePayload;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit}: a second application that replays the stream from a timestamp and checks each key's sequence. */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A second application on the stream (own name, own lease table) that starts from a timestamp "
                + "and checks each key's producer sequence numbers: in order, replayed, missing, out of order.",
                "Uses the simple per-record handler API with a timed checkpoint strategy."})
public final class AuditApp implements Callable<Integer> {

    @Mixin
    ConsumerOptions consumer = new ConsumerOptions();

    @Option(names = "--application", defaultValue = "shardline-audit", paramLabel = "NAME",
            description = "Application name (lease table name). Default: ${DEFAULT-VALUE}.")
    String application;

    @Option(names = "--from", required = true, paramLabel = "TIME",
            description = "Where to start: an instant (2024-05-01T12:00:00Z) or how long ago (10m, 2h). Applies to "
                    + "shards without a checkpoint of this application.")
    String from;

    @Option(names = "--report-interval", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How often to print the summary. Default: ${DEFAULT-VALUE}.")
    Duration reportInterval;

    @Option(names = "--journal", paramLabel = "FILE", description = "Appends one line per record (as the counting app).")
    Path journal;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        Cli.exit(new AuditApp(), args);
    }

    /**
     * The audit's processors: each record's producer sequence goes to {@code tracker} (and {@code journal} unless
     * {@code null}, flushed per record); checkpoints every 5 s, at handoffs and shard ends.
     */
    public static ShardRecordProcessorFactory processorFactory(KeySequenceTracker tracker, DeliveryJournal journal) {
        return shardId -> RecordHandlers.processorFactory(() -> handler(tracker, journal, shardId),
                CheckpointStrategy.every(Duration.ofSeconds(5))).create(shardId);
    }

    private static RecordHandler handler(KeySequenceTracker tracker, DeliveryJournal journal, String shardId) {
        return record -> SamplePayload.parse(record.data()).ifPresent(p -> {
            tracker.observe(record.partitionKey(), p.seq());
            if (journal != null) {
                // The handler API checkpoints on its own, so flush each line before it can be checkpointed.
                journal.record(shardId, record.partitionKey(), p.seq());
                journal.flush();
            }
        });
    }

    @Override
    public Integer call() {
        consumer.initialPosition = ConsumerOptions.InitialPosition.AT_TIMESTAMP;
        consumer.atTimestamp = from;
        KeySequenceTracker tracker = new KeySequenceTracker();
        DeliveryJournal deliveries = journal == null ? null : DeliveryJournal.open(journal);
        Scheduler scheduler = Scheduler.create(consumer.config(application, processorFactory(tracker, deliveries))
                .build());
        ScheduledExecutorService reports = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "audit-reports"));
        long ms = reportInterval.toMillis();
        ConsumerRunner.runUntilStopped(scheduler, consumer.exitWithParent, () -> reports.scheduleAtFixedRate(
                () -> out.println("audit: " + tracker.summary()), ms, ms, TimeUnit.MILLISECONDS), () -> {
            reports.shutdownNow();
            if (deliveries != null) {
                deliveries.close();
            }
            out.println("audit: " + tracker.summary());
            out.flush();
        });
        return 0;
    }
}
