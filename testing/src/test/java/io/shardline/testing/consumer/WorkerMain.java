package io.shardline.testing.consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.CheckpointResult;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.kcl.StartingPosition;
import io.shardline.testing.LocalAws;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * A worker in its own JVM, for {@link WorkerProcessIT}, {@link ZombieProcessIT} and the chaos suite: runs one
 * scheduler against the emulators at the given endpoints and appends what its processors do to a journal file, one
 * flushed line per event, each ending with the wall-clock time in microseconds since the epoch ({@code us}):
 * {@code I session shard seq sub us} (initialize), {@code R session shard seq sub key us data} (record; its data as
 * text, whitespace replaced by {@code _}), {@code P session shard seq sub us} (about to checkpoint),
 * {@code C session shard seq sub result us}, {@code L session shard us} (lease lost), {@code E session shard us}
 * (shard ended, SHARD_END checkpointed). Exits when its standard input closes (the test JVM died or stops it) or
 * when killed.
 *
 * <p>Arguments: kinesisEndpoint dynamoDbEndpoint region stream application workerId journal.
 */
public final class WorkerMain {

    /** JVM system property of the worker: its scheduler's {@code shardSyncInterval}, ISO-8601 ({@code PT5S}). */
    public static final String SHARD_SYNC_INTERVAL_PROPERTY = "shardline.worker.shardSyncInterval";

    private WorkerMain() {
    }

    /**
     * Starts a worker JVM on the test's classpath against {@code aws}'s emulators; it runs until killed or until
     * this JVM's end closes its stdin. Its stdout/stderr go to {@code log}.
     */
    static Process launch(LocalAws aws, String stream, String app, String workerId, Path journal, Path log,
            long workPerBatchMillis) throws IOException {
        return launch(aws, stream, app, workerId, journal, log, workPerBatchMillis, List.of());
    }

    /** As above, with extra options for the worker's JVM (heap, GC, JIT) in front of the class name. */
    public static Process launch(LocalAws aws, String stream, String app, String workerId, Path journal, Path log,
            long workPerBatchMillis, List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                WorkerMain.class.getName(),
                aws.kinesisEndpoint().toString(), aws.dynamoDbEndpoint().toString(), aws.region().id(),
                stream, app, workerId, journal.toString(), Long.toString(workPerBatchMillis)));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    public static void main(String[] args) throws IOException {
        Region region = Region.of(args[2]);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("test", "test"));
        KinesisAsyncClient kinesis = KinesisAsyncClient.builder().endpointOverride(URI.create(args[0]))
                .region(region).credentialsProvider(credentials)
                .httpClient(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1).build()).build();
        DynamoDbAsyncClient dynamoDb = DynamoDbAsyncClient.builder().endpointOverride(URI.create(args[1]))
                .region(region).credentialsProvider(credentials).build();
        PrintWriter journal = new PrintWriter(Files.newBufferedWriter(Path.of(args[6]), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        AtomicInteger sessions = new AtomicInteger();
        // Optional 8th argument: simulated work per batch in ms, so a SIGSTOP lands inside a batch.
        Duration workPerBatch = Duration.ofMillis(args.length > 7 ? Long.parseLong(args[7]) : 0);
        ConsumerConfig.Builder config = ConsumerConfig.builder()
                .applicationName(args[4]).streamName(args[3]).kinesisClient(kinesis).dynamoDbClient(dynamoDb)
                .initialPosition(StartingPosition.trimHorizon()).retrievalConfig(ConsumerIt.POLLING)
                .leaseCoordinatorConfig(ConsumerIt.FAST_COORDINATION.toBuilder().workerId(args[5]).build())
                .meterRegistry(new SimpleMeterRegistry()).processingThreads(4)
                .processorFactory(shardId -> new JournalProcessor(journal, sessions.incrementAndGet(), shardId,
                        workPerBatch));
        // Optional: how often the leader lists shards (the default, 60 s, only bounds how soon a lost shard end is
        // noticed; the chaos suite, which kills workers while it reshards, wants that sooner).
        String shardSync = System.getProperty(SHARD_SYNC_INTERVAL_PROPERTY);
        if (shardSync != null) {
            config.shardSyncInterval(Duration.parse(shardSync));
        }
        Scheduler scheduler = Scheduler.create(config.build());
        scheduler.start();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // wait for the parent to go away
        }
        scheduler.close();
        System.exit(0);
    }

    /** Checkpoints the middle of each batch, so a kill leaves processed records behind the checkpoint. */
    private static final class JournalProcessor implements ShardRecordProcessor {
        private final PrintWriter journal;
        private final int session;
        private final String shardId;
        private final Duration workPerBatch;

        JournalProcessor(PrintWriter journal, int session, String shardId, Duration workPerBatch) {
            this.journal = journal;
            this.session = session;
            this.shardId = shardId;
            this.workPerBatch = workPerBatch;
        }

        @Override
        public void initialize(InitializationInput input) {
            write("I " + session + " " + shardId + " " + input.startingPosition().sequenceNumber() + " "
                    + input.startingPosition().subSequenceNumber());
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            for (KinesisClientRecord r : input.records()) {
                write("R " + session + " " + shardId + " " + r.sequenceNumber() + " " + r.subSequenceNumber() + " "
                        + r.partitionKey(), new String(r.dataAsBytes(), StandardCharsets.UTF_8).replaceAll("\\s", "_"));
            }
            KinesisClientRecord middle = input.records().get(input.records().size() / 2);
            String position = middle.sequenceNumber() + " " + middle.subSequenceNumber();
            write("P " + session + " " + shardId + " " + position);
            if (!workPerBatch.isZero()) {
                LockSupport.parkNanos(workPerBatch.toNanos()); // the application's work on this batch, simulated
            }
            CheckpointResult result = input.checkpointer().checkpoint(middle);
            write("C " + session + " " + shardId + " " + position + " " + outcome(result));
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
            write("L " + session + " " + shardId);
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            if (input.checkpointer().checkpoint().isOk()) {
                write("E " + session + " " + shardId);
            }
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            CheckpointResult result = input.checkpointer().checkpoint();
            if (result instanceof CheckpointResult.Ok ok && !ok.position().isSentinel()) {
                write("C " + session + " " + shardId + " " + ok.position().sequenceNumber() + " "
                        + ok.position().subSequenceNumber() + " OK");
            }
        }

        private static String outcome(CheckpointResult result) {
            return result.isOk() ? "OK" : result.isLeaseLost() ? "LEASE_LOST" : "STALE";
        }

        private void write(String line) {
            write(line, null);
        }

        /** Writes {@code line}, the time and then {@code trailer} (if any). */
        private void write(String line, String trailer) {
            synchronized (journal) { // the time is taken under the lock, so the file is in time order
                long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                journal.println(trailer == null ? line + " " + micros : line + " " + micros + " " + trailer);
                journal.flush();
            }
        }
    }
}
