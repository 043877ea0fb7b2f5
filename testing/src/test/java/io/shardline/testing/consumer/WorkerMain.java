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
 * A worker in its own JVM, for {@link WorkerProcessIT}: runs one scheduler against the emulators at the given
 * endpoints and appends what its processors do to a journal file, one flushed line per event:
 * {@code I session shard seq sub} (initialize), {@code R session shard seq sub key} (record),
 * {@code P session shard seq sub} (about to checkpoint), {@code C session shard seq sub result}. Exits when its
 * standard input closes (the test JVM died) or when killed.
 *
 * <p>Arguments: kinesisEndpoint dynamoDbEndpoint region stream application workerId journal.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    /**
     * Starts a worker JVM on the test's classpath against {@code aws}'s emulators; it runs until killed or until
     * this JVM's end closes its stdin. Its stdout/stderr go to {@code log}.
     */
    static Process launch(LocalAws aws, String stream, String app, String workerId, Path journal, Path log,
            long workPerBatchMillis) throws IOException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                WorkerMain.class.getName(),
                aws.kinesisEndpoint().toString(), aws.dynamoDbEndpoint().toString(), aws.region().id(),
                stream, app, workerId, journal.toString(), Long.toString(workPerBatchMillis));
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
        Scheduler scheduler = Scheduler.create(ConsumerConfig.builder()
                .applicationName(args[4]).streamName(args[3]).kinesisClient(kinesis).dynamoDbClient(dynamoDb)
                .initialPosition(StartingPosition.trimHorizon()).retrievalConfig(ConsumerIt.POLLING)
                .leaseCoordinatorConfig(ConsumerIt.FAST_COORDINATION.toBuilder().workerId(args[5]).build())
                .meterRegistry(new SimpleMeterRegistry()).processingThreads(4)
                .processorFactory(shardId -> new JournalProcessor(journal, sessions.incrementAndGet(), shardId,
                        workPerBatch))
                .build());
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
                        + r.partitionKey());
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
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            input.checkpointer().checkpoint();
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
            synchronized (journal) {
                journal.println(line);
                journal.flush();
            }
        }
    }
}
