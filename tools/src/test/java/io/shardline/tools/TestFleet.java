package io.shardline.tools;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

/**
 * Schedulers of one application in this JVM against the emulators, recording every record each processes, plus a
 * way to run the {@code shardline} command line against the same emulators.
 */
final class TestFleet implements AutoCloseable {

    /** One processed record. */
    record Processed(String worker, String shard, String sequence, long subSequence, String data) {
    }

    /** Output of one command line run. */
    record Run(int status, String out, String err) {
    }

    final LocalAws aws;
    final String application;
    final String stream;
    final ConcurrentLinkedQueue<Processed> processed = new ConcurrentLinkedQueue<>();
    private final Map<String, Scheduler> schedulers = new LinkedHashMap<>();
    private final Duration leaseScanInterval;
    /** While true, the processor throws on records whose data contains "poison". */
    final java.util.concurrent.atomic.AtomicBoolean poisonFails = new java.util.concurrent.atomic.AtomicBoolean();
    /** The failure policy of workers started from now on. */
    volatile io.shardline.kcl.FailurePolicy failurePolicy = io.shardline.kcl.FailurePolicy.defaults();

    TestFleet(LocalAws aws, String application, String stream, Duration leaseScanInterval) {
        this.aws = aws;
        this.application = application;
        this.stream = stream;
        this.leaseScanInterval = leaseScanInterval;
    }

    Scheduler start(String worker) {
        ConsumerConfig config = ConsumerConfig.builder()
                .applicationName(application)
                .streamName(stream)
                .kinesisClient(aws.kinesisAsync())
                .dynamoDbClient(aws.dynamoDbAsync())
                .initialPosition(StartingPosition.trimHorizon())
                .retrievalConfig(RetrievalConfig.polling().idleInterval(Duration.ofMillis(200))
                        .callsPerSecondPerShard(5).build())
                .processorFactory(shardId -> RecordHandlers.processorFactory(() -> r -> {
                    String data = StandardCharsets.UTF_8.decode(r.data()).toString();
                    if (poisonFails.get() && data.contains("poison")) {
                        throw new IllegalStateException("cannot process " + data);
                    }
                    processed.add(new Processed(worker, shardId, r.sequenceNumber(), r.subSequenceNumber(), data));
                }, CheckpointStrategy.afterEachBatch()).create(shardId))
                .failurePolicy(failurePolicy)
                .meterRegistry(new SimpleMeterRegistry())
                .leaseCoordinatorConfig(LeaseCoordinatorConfig.builder()
                        .workerId(worker)
                        // Relaxed for a loaded 2-core CI machine: at 250 ms / 1.5 s workers fenced themselves
                        // (load 30), and a self-fence replays records, which the exactness checks would count.
                        .heartbeatInterval(Duration.ofMillis(500))
                        .failoverTimeout(Duration.ofSeconds(5))
                        .handoffTimeout(Duration.ofSeconds(15))
                        .leaseScanInterval(leaseScanInterval)
                        .leaseSyncInterval(Duration.ofSeconds(1))
                        .build())
                .shardSyncInterval(Duration.ofSeconds(5))
                .statusInterval(Duration.ofSeconds(1))
                .processingThreads(4)
                .build();
        Scheduler scheduler = Scheduler.create(config);
        scheduler.start();
        schedulers.put(worker, scheduler);
        return scheduler;
    }

    Scheduler scheduler(String worker) {
        return schedulers.get(worker);
    }

    Collection<Scheduler> schedulers() {
        return schedulers.values();
    }

    /** Records {@code from..to-1}: key {@code key-(i % keys)}, data {@code key-k#i}. */
    static List<TestRecord> records(int from, int to, int keys) {
        return IntStream.range(from, to)
                .mapToObj(i -> TestRecord.of("key-" + (i % keys), "key-" + (i % keys) + "#" + i)).toList();
    }

    long distinct() {
        return processed.stream().map(p -> p.sequence() + "/" + p.subSequence()).distinct().count();
    }

    /** Records processed more than once (by sequence number), with how often. */
    Map<String, Long> duplicates() {
        Map<String, Long> counts = new HashMap<>();
        processed.forEach(p -> counts.merge(p.sequence() + "/" + p.subSequence(), 1L, Long::sum));
        counts.values().removeIf(n -> n == 1);
        return counts;
    }

    /** Runs {@code shardline <args> --application .. --stream .. <endpoints>}. */
    Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(awsArgs());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Shardline.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        Run run = new Run(status, out.toString(), err.toString());
        record(args, run);
        return run;
    }

    /** Every command run, with its output, in target/cli-examples.log (the examples of docs/operations.md). */
    private static synchronized void record(String[] args, Run run) {
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "cli-examples.log"),
                    "$ shardline " + String.join(" ", args) + " <aws options>\n" + run.out()
                            + (run.err().isBlank() ? "" : "[stderr]\n" + run.err()) + "[exit " + run.status()
                            + "]\n\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    List<String> awsArgs() {
        List<String> args = new ArrayList<>(List.of("--application", application, "--stream", stream,
                "--region", aws.region().id()));
        if (aws.kinesisEndpoint() != null) {
            args.addAll(List.of("--kinesis-endpoint", aws.kinesisEndpoint().toString()));
        }
        if (aws.dynamoDbEndpoint() != null) {
            args.addAll(List.of("--dynamodb-endpoint", aws.dynamoDbEndpoint().toString()));
        }
        return args;
    }

    AwsOptions awsOptions() {
        return AwsOptions.of(application, stream, aws.region().id(), aws.kinesisEndpoint(), aws.dynamoDbEndpoint());
    }

    @Override
    public void close() {
        schedulers.values().forEach(Scheduler::close);
    }
}
