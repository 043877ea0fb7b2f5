package io.shardline.samples.common;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.tools.AwsConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import picocli.CommandLine.Option;

/**
 * The command-line options every consuming sample shares: where to read, as which application and worker, and the
 * coordination and polling timings. The defaults are the library's (1 s heartbeats, failover after 3 s, polling
 * every 1 s when caught up, 3 GetRecords calls per second per shard), fit for real AWS; the demo passes shorter ones.
 */
public final class ConsumerOptions {

    /** Where a lease without a checkpoint starts. */
    public enum InitialPosition { TRIM_HORIZON, LATEST, AT_TIMESTAMP }

    @Mixin
    public AwsConnection aws = new AwsConnection();

    @Option(names = "--stream", required = true, paramLabel = "NAME", description = "The Kinesis stream to read.")
    public String stream;

    @Option(names = "--initial-position", paramLabel = "POSITION", defaultValue = "LATEST",
            description = "Where shards without a checkpoint start: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    public InitialPosition initialPosition;

    @Option(names = "--at-timestamp", paramLabel = "TIME",
            description = "For AT_TIMESTAMP: an instant (2024-05-01T12:00:00Z) or how long ago (10m, 2h).")
    public String atTimestamp;

    @Option(names = "--worker-id", paramLabel = "ID", description = "This worker's id. Default: host name + random.")
    public String workerId;

    @Option(names = "--heartbeat", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Heartbeat interval of the lease coordinator. Default: ${DEFAULT-VALUE}.")
    public Duration heartbeat;

    @Option(names = "--failover", paramLabel = "DURATION", defaultValue = "3s", converter = DurationConverter.class,
            description = "A worker is dead after this long without a heartbeat. Default: ${DEFAULT-VALUE}.")
    public Duration failover;

    @Option(names = "--lease-scan", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How often the leader re-reads all leases (and each worker its own) besides membership "
                    + "changes: bounds how soon new child shards get an owner. Default: ${DEFAULT-VALUE}.")
    public Duration leaseScan;

    @Option(names = "--poll-idle", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "How long a caught-up shard waits before the next GetRecords. Default: ${DEFAULT-VALUE}.")
    public Duration pollIdle;

    @Option(names = "--calls-per-second", paramLabel = "N", defaultValue = "3",
            description = "GetRecords calls per second per shard for this application (Kinesis allows 5 per shard "
                    + "for all applications together). Default: ${DEFAULT-VALUE}.")
    public double callsPerSecond;

    @Option(names = "--fan-out", description = "Read with enhanced fan-out (SubscribeToShard) instead of polling.")
    public boolean fanOut;

    @Option(names = "--exit-with-parent", hidden = true,
            description = "Shut down gracefully when the parent process ends (the demo's workers).")
    public boolean exitWithParent;

    private KinesisAsyncClient kinesisClient;
    private DynamoDbAsyncClient dynamoDbClient;

    /** The Kinesis client of these options, created on first use. */
    public synchronized KinesisAsyncClient kinesisClient() {
        if (kinesisClient == null) {
            kinesisClient = aws.newKinesisClient(fanOut);
        }
        return kinesisClient;
    }

    /** The DynamoDB client of these options, created on first use (also for the samples' output tables). */
    public synchronized DynamoDbAsyncClient dynamoDbClient() {
        if (dynamoDbClient == null) {
            dynamoDbClient = aws.newDynamoDbClient();
        }
        return dynamoDbClient;
    }

    /** A config builder for {@code application} with these options and {@code processors}; build() validates. */
    public ConsumerConfig.Builder config(String application, ShardRecordProcessorFactory processors) {
        OptionChecks.of(this)
                .positive("--heartbeat", heartbeat)
                .positive("--failover", failover)
                .positive("--lease-scan", leaseScan)
                .positive("--poll-idle", pollIdle);
        LeaseCoordinatorConfig.Builder coordination = LeaseCoordinatorConfig.builder()
                .heartbeatInterval(heartbeat)
                .failoverTimeout(failover)
                .leaseScanInterval(leaseScan)
                .leaseSyncInterval(leaseScan);
        if (workerId != null) {
            coordination.workerId(workerId);
        }
        RetrievalConfig retrieval = (fanOut ? RetrievalConfig.fanOut() : RetrievalConfig.polling())
                .idleInterval(pollIdle)
                .callsPerSecondPerShard(callsPerSecond)
                .build();
        return ConsumerConfig.builder()
                .applicationName(application)
                .streamName(stream)
                .kinesisClient(kinesisClient())
                .dynamoDbClient(dynamoDbClient())
                .initialPosition(startingPosition(Instant.now()))
                .retrievalConfig(retrieval)
                .leaseCoordinatorConfig(coordination.build())
                .meterRegistry(new SimpleMeterRegistry())
                .processorFactory(processors);
    }

    /** The initial position these options name, reading "how long ago" relative to {@code now}. */
    public StartingPosition startingPosition(Instant now) {
        return switch (initialPosition) {
            case TRIM_HORIZON -> StartingPosition.trimHorizon();
            case LATEST -> StartingPosition.latest();
            case AT_TIMESTAMP -> StartingPosition.atTimestamp(timestamp(now));
        };
    }

    private Instant timestamp(Instant now) {
        if (atTimestamp == null) {
            throw new IllegalArgumentException("--initial-position AT_TIMESTAMP needs --at-timestamp");
        }
        try {
            return Instant.parse(atTimestamp.trim());
        } catch (DateTimeParseException notAnInstant) {
            return now.minus(DurationConverter.parse(atTimestamp));
        }
    }
}
