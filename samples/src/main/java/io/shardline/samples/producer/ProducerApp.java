package io.shardline.samples.producer;

import io.shardline.samples.common.Cli;
import io.shardline.samples.common.ConsumerRunner;
import io.shardline.samples.common.DurationConverter;
import io.shardline.samples.common.OptionChecks;
import io.shardline.tools.AwsConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** {@code produce}: puts sample records at a steady rate under skewed partition keys. */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Puts JSON records {\"key\",\"seq\",\"ts\",\"value\"} at a steady rate under Zipf-skewed keys "
                + "user-1..user-N, each key with its own sequence number; optionally KPL-aggregated.",
                "Without endpoint flags it uses real AWS (default credentials and region)."})
public final class ProducerApp implements Callable<Integer> {

    @Mixin
    AwsConnection aws = new AwsConnection();

    @Option(names = "--stream", required = true, paramLabel = "NAME", description = "The stream to write to.")
    String stream;

    @Option(names = "--create-shards", paramLabel = "N",
            description = "Create the stream with N shards first if it does not exist.")
    Integer createShards;

    @Option(names = "--rate", defaultValue = "100", paramLabel = "N",
            description = "Records per second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--duration", defaultValue = "0s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to run (0 = until Ctrl-C). Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--keys", defaultValue = "500", paramLabel = "N",
            description = "Number of partition keys. Default: ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--zipf", defaultValue = "1.0", paramLabel = "S",
            description = "Skew: key of rank r has probability ~ 1/r^S (0 = uniform). Default: ${DEFAULT-VALUE}.")
    double zipf;

    @Option(names = "--aggregate", defaultValue = "1", paramLabel = "N",
            description = "Pack up to N records of a key into one KPL aggregated record (1 = plain records).")
    int aggregate;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed, for repeatable runs.")
    Long seed;

    @Option(names = "--log", paramLabel = "FILE",
            description = "Writes every acknowledged record ('<seq> <key>') in acknowledgement order.")
    Path log;

    @Option(names = "--await-start", hidden = true,
            description = "Waits for a line on standard input before putting (the demo starts it once its workers run).")
    boolean awaitStart;

    @Option(names = "--exit-with-parent", hidden = true,
            description = "Stops when the parent process ends (the demo's producer).")
    boolean exitWithParent;

    @Option(names = "--status-lines", description = "Prints '@produced <n>' every 500 ms (for the demo).")
    boolean statusLines;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        Cli.exit(new ProducerApp(), args);
    }

    @Override
    public Integer call() {
        OptionChecks.of(this)
                .positive("--rate", rate)
                .notNegative("--duration", duration)
                .atLeast("--keys", keys, 1)
                .notNegative("--zipf", zipf)
                .atLeast("--aggregate", aggregate, 1);
        if (createShards != null) {
            OptionChecks.of(this).atLeast("--create-shards", createShards, 1);
        }
        KinesisAsyncClient kinesis = aws.newKinesisClient(false);
        if (createShards != null) {
            createStream(kinesis);
        }
        if (exitWithParent) {
            ConsumerRunner.exitWithParent();
        }
        if (awaitStart) {
            awaitStartLine();
        }
        ProducedLog produced = log == null ? null : ProducedLog.create(log);
        AtomicLong acknowledged = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.set(true); // Ctrl-C: finish the call in flight, then stop
            await(finished);
        }, "producer-shutdown"));
        ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "producer-status"));
        long period = statusLines ? 500 : 5_000;
        status.scheduleAtFixedRate(() -> out.println(statusLine(acknowledged.get())), period, period, TimeUnit.MILLISECONDS);
        try {
            new Producer(kinesis, stream, generator(), rate, aggregate, batch -> {
                if (produced != null) {
                    produced.append(batch);
                }
                acknowledged.addAndGet(batch.size());
            }).run(duration, stop::get);
        } finally {
            status.shutdownNow();
            if (produced != null) {
                produced.close();
            }
            out.println(statusLine(acknowledged.get()) + (statusLines ? " done" : ", done"));
            out.flush();
            finished.countDown();
        }
        return 0;
    }

    private RecordGenerator generator() {
        return new RecordGenerator(new ZipfKeys(keys, zipf), seed == null ? new Random() : new Random(seed));
    }

    private static void awaitStartLine() {
        try {
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the start line", e);
        }
    }

    private String statusLine(long acknowledged) {
        return statusLines ? "@produced " + acknowledged : "put " + acknowledged + " records to " + stream;
    }

    private void createStream(KinesisAsyncClient kinesis) {
        try {
            kinesis.createStream(b -> b.streamName(stream).shardCount(createShards)).join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof ResourceInUseException)) {
                throw e;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (kinesis.describeStreamSummary(b -> b.streamName(stream)).join()
                .streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stream " + stream + " not ACTIVE after 5 minutes");
            }
            pause(200);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Between two polls of the stream's status while it is being created. */
    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
