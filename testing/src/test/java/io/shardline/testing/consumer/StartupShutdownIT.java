package io.shardline.testing.consumer;

import static io.shardline.testing.consumer.ConsumerIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.StartupException;
import io.shardline.kcl.WorkerEvent;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * {@link Scheduler#start()} says what is wrong, within {@code startupTimeout}, and creates nothing then; {@code close()}
 * returns only when no thread of the scheduler runs; the {@link io.shardline.kcl.WorkerStateListener} and
 * {@link Scheduler#state()} follow the worker. The messages are printed ({@code STARTUP-MESSAGE ...}) for the docs.
 */
@WithLocalAws
class StartupShutdownIT {

    private final LocalAws aws;
    private final List<SdkClient> clients = new CopyOnWriteArrayList<>();
    private final List<Scheduler> schedulers = new CopyOnWriteArrayList<>();
    private final List<WorkerEvent> events = new CopyOnWriteArrayList<>();

    StartupShutdownIT(LocalAws aws) {
        this.aws = aws;
    }

    @AfterEach
    void closeEverything() {
        schedulers.forEach(Scheduler::close);
        clients.forEach(SdkClient::close);
    }

    @Test
    void unreachableKinesisFailsStartNamingServiceEndpointAndConnectionRefused(TestNames names) throws IOException {
        String application = names.application();
        String endpoint = "http://127.0.0.1:" + closedPort();
        KinesisAsyncClient kinesis = track(KinesisAsyncClient.builder().region(aws.region())
                .endpointOverride(URI.create(endpoint)).credentialsProvider(credentials()).build());
        Scheduler scheduler = scheduler(config(application, names.stream()).kinesisClient(kinesis));

        assertThatThrownBy(scheduler::start).isInstanceOfSatisfying(StartupException.class, e -> {
            print("unreachable Kinesis", e);
            assertThat(e.service()).isEqualTo("Kinesis");
            assertThat(e.endpoint()).isEqualTo(endpoint);
            assertThat(e.getMessage()).startsWith("Kinesis at " + endpoint + ": cannot connect: ")
                    .containsIgnoringCase("connection refused").doesNotContainIgnoringCase("request rate");
        });
        assertThat(scheduler.state()).isEqualTo(Scheduler.State.STOPPED);
        assertThat(tables()).doesNotContain(application, application + "-coordination");
        assertThat(events).hasSize(1).first().isInstanceOfSatisfying(WorkerEvent.Stopped.class,
                stopped -> assertThat(stopped.cause()).containsInstanceOf(StartupException.class));
    }

    @Test
    void unreachableDynamoDbFailsStartNamingServiceEndpointAndConnectionRefused(TestNames names) throws IOException {
        String application = names.application();
        String stream = names.stream();
        aws.streams().create(stream, 1);
        String endpoint = "http://127.0.0.1:" + closedPort();
        DynamoDbAsyncClient dynamoDb = track(DynamoDbAsyncClient.builder().region(aws.region())
                .endpointOverride(URI.create(endpoint)).credentialsProvider(credentials()).build());
        Scheduler scheduler = scheduler(config(application, stream).dynamoDbClient(dynamoDb));

        assertThatThrownBy(scheduler::start).isInstanceOfSatisfying(StartupException.class, e -> {
            print("unreachable DynamoDB", e);
            assertThat(e.service()).isEqualTo("DynamoDB");
            assertThat(e.endpoint()).isEqualTo(endpoint);
            assertThat(e.getMessage()).startsWith("DynamoDB at " + endpoint + ": cannot connect: ")
                    .containsIgnoringCase("connection refused").doesNotContainIgnoringCase("request rate");
        });
        assertThat(scheduler.state()).isEqualTo(Scheduler.State.STOPPED);
    }

    @Test
    void missingStreamFailsStartAndCreatesNoTable(TestNames names) {
        String application = names.application();
        String stream = names.stream(); // never created
        Scheduler scheduler = scheduler(config(application, stream));

        assertThatThrownBy(scheduler::start).isInstanceOfSatisfying(StartupException.class, e -> {
            print("missing stream", e);
            assertThat(e.service()).isEqualTo("Kinesis");
            assertThat(e.getMessage()).startsWith("Kinesis at " + aws.kinesisEndpoint())
                    .contains("stream " + stream + " does not exist").contains("nothing was created");
        });
        assertThat(tables()).doesNotContain(application, application + "-coordination");
    }

    @Test
    void closeReturnsOnlyWhenNoThreadOfTheSchedulerRuns(TestNames names) {
        String stream = names.stream();
        aws.streams().create(stream, 2);
        Set<Thread> before = shardlineThreads();
        Scheduler scheduler = scheduler(config(names.application(), stream));
        assertThat(scheduler.state()).isEqualTo(Scheduler.State.NEW);

        scheduler.start();
        assertThat(scheduler.state()).isEqualTo(Scheduler.State.RUNNING);
        waiting("both leases taken").until(() -> scheduler.ownedLeaseKeys().size() == 2);
        waiting("both acquisitions reported").until(() -> acquiredKeys().containsAll(scheduler.ownedLeaseKeys()));
        assertThat(shardlineThreads()).as("the scheduler runs threads").isNotEmpty();

        scheduler.close();

        Set<Thread> left = shardlineThreads();
        left.removeAll(before);
        assertThat(left).as("shardline threads alive after close()").isEmpty();
        assertThat(scheduler.state()).isEqualTo(Scheduler.State.STOPPED);
        assertThat(events.get(0)).isEqualTo(new WorkerEvent.Started(scheduler.workerId()));
        assertThat(events.get(events.size() - 1)).isInstanceOf(WorkerEvent.Stopped.class);
    }

    @Test
    void gracefulShutdownReportsLeasesHandedOverAndAStopWithoutCause(TestNames names) {
        String stream = names.stream();
        aws.streams().create(stream, 1);
        Scheduler scheduler = scheduler(config(names.application(), stream));
        scheduler.start();
        waiting("the lease taken").until(() -> scheduler.ownedLeaseKeys().size() == 1);

        scheduler.shutdown().join();

        assertThat(scheduler.state()).isEqualTo(Scheduler.State.STOPPED);
        assertThat(events).filteredOn(WorkerEvent.LeaseLost.class::isInstance).isNotEmpty();
        assertThat(events.get(events.size() - 1)).isEqualTo(new WorkerEvent.Stopped(scheduler.workerId(),
                java.util.Optional.empty()));
    }

    private Set<String> acquiredKeys() {
        return events.stream().filter(WorkerEvent.LeaseAcquired.class::isInstance)
                .map(e -> ((WorkerEvent.LeaseAcquired) e).leaseKey()).collect(Collectors.toSet());
    }

    private ConsumerConfig.Builder config(String application, String stream) {
        return ConsumerIt.config(aws, application, stream, application + "-w1",
                        RecordHandlers.processorFactory(() -> record -> { }, CheckpointStrategy.afterEachBatch()),
                        new SimpleMeterRegistry())
                .workerStateListener(events::add);
    }

    private Scheduler scheduler(ConsumerConfig.Builder config) {
        Scheduler scheduler = Scheduler.create(config.build());
        schedulers.add(scheduler);
        return scheduler;
    }

    private List<String> tables() {
        return aws.dynamoDb().listTables().tableNames();
    }

    private <C extends SdkClient> C track(C client) {
        clients.add(client);
        return client;
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    /** A port nothing listens on: bound once on 127.0.0.1, then closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Set<Thread> shardlineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("shardline-"))
                .collect(Collectors.toSet());
    }

    private static void print(String situation, Exception e) {
        System.out.println("STARTUP-MESSAGE " + situation + ": " + e.getMessage());
    }
}
