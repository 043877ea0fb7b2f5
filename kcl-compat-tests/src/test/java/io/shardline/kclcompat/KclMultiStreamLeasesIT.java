package io.shardline.kclcompat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.StreamConfig;
import io.shardline.kcl.StreamIdentifier;
import io.shardline.kcl.StreamTracker;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.TestRecord;
import io.shardline.testing.WithLocalAws;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.kinesis.leases.MultiStreamLease;
import software.amazon.kinesis.leases.dynamodb.DynamoDBMultiStreamLeaseSerializer;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * Multi-stream lease rows against Amazon KCL 3.5.1's own code ({@code MultiStreamLease},
 * {@code DynamoDBMultiStreamLeaseSerializer}, {@code StreamIdentifier}): KCL reads the rows a Shardline multi-stream
 * application writes (key, stream identifier, shard id, checkpoint), and a Shardline multi-stream application continues
 * from rows KCL's serializer wrote, after their checkpoints, replaying nothing before them.
 */
@WithLocalAws
class KclMultiStreamLeasesIT {

    private static final int SHARDS = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final LocalAws aws;
    private final List<String> processed = new CopyOnWriteArrayList<>();

    KclMultiStreamLeasesIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void kclReadsTheRowsOfAShardlineMultiStreamApplication(TestNames names) throws Exception {
        String app = names.application();
        String stream = names.stream();
        aws.streams().create(stream, SHARDS);
        aws.streams().putRecords(stream, records(0, 40));
        String kclStreamId = kclIdentifier(stream);

        try (var scheduler = io.shardline.kcl.Scheduler.create(config(app, stream, "a"))) {
            scheduler.start();
            await().atMost(TIMEOUT).until(() -> processed.size() == 40);
            await().atMost(TIMEOUT).until(() -> rows(app).stream().allMatch(r -> r.containsKey("checkpoint")
                    && r.get("checkpoint").s().matches("[0-9]+")));
        }

        DynamoDBMultiStreamLeaseSerializer kcl = new DynamoDBMultiStreamLeaseSerializer();
        List<MultiStreamLease> read = rows(app).stream().map(kcl::fromDynamoRecord).toList();
        assertThat(read).hasSize(SHARDS).allSatisfy(lease -> {
            assertThat(lease.streamIdentifier()).isEqualTo(kclStreamId);
            assertThat(lease.leaseKey()).isEqualTo(MultiStreamLease.getLeaseKey(kclStreamId, lease.shardId()));
            assertThat(lease.checkpoint().sequenceNumber()).matches("[0-9]+");
        });
        assertThat(read).extracting(MultiStreamLease::shardId)
                .containsExactlyInAnyOrder("shardId-000000000000", "shardId-000000000001");
    }

    @Test
    void shardlineContinuesFromTheCheckpointsOfKclMultiStreamRows(TestNames names) {
        String app = names.application();
        String stream = names.stream();
        aws.streams().create(stream, SHARDS);
        aws.streams().putRecords(stream, records(0, 100));
        String kclStreamId = kclIdentifier(stream);
        // KCL's rows: each shard checkpointed in its middle
        createKclTable(app);
        DynamoDBMultiStreamLeaseSerializer kcl = new DynamoDBMultiStreamLeaseSerializer();
        List<String> expected = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            String shardId = "shardId-00000000000" + shard;
            List<Record> inShard = aws.streams().readShard(stream, shardId);
            MultiStreamLease lease = new MultiStreamLease();
            lease.streamIdentifier(kclStreamId);
            lease.shardId(shardId);
            lease.leaseKey(MultiStreamLease.getLeaseKey(kclStreamId, shardId));
            lease.leaseCounter(5L);
            lease.ownerSwitchesSinceCheckpoint(0L);
            int at = inShard.size() / 2;
            lease.checkpoint(new ExtendedSequenceNumber(inShard.get(at).sequenceNumber()));
            lease.parentShardIds(Set.of());
            aws.dynamoDb().putItem(b -> b.tableName(app).item(kcl.toDynamoRecord(lease)));
            inShard.subList(at + 1, inShard.size())
                    .forEach(r -> expected.add(new String(r.data().asByteArray(), StandardCharsets.UTF_8)));
        }

        try (var scheduler = io.shardline.kcl.Scheduler.create(config(app, stream, "a"))) {
            scheduler.start();
            await().atMost(TIMEOUT).until(() -> processed.size() >= expected.size());
            assertThat(scheduler.ownedLeaseKeys()).containsExactlyInAnyOrder(
                    kclStreamId + ":shardId-000000000000", kclStreamId + ":shardId-000000000001");
        }
        // exactly the records after KCL's checkpoints: nothing before them replayed, nothing lost
        assertThat(processed).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** KCL's own identifier of the stream: {@code StreamIdentifier.multiStreamInstance(arn, creationEpochSecond)}. */
    private String kclIdentifier(String stream) {
        StreamDescriptionSummary summary = aws.kinesis().describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary();
        String kcl = software.amazon.kinesis.common.StreamIdentifier.multiStreamInstance(
                Arn.fromString(summary.streamARN()), summary.streamCreationTimestamp().getEpochSecond()).serialize();
        // and Shardline's reading of it agrees
        assertThat(StreamIdentifier.parse(kcl).streamName()).isEqualTo(stream);
        return kcl;
    }

    /** An empty lease table as KCL 3 creates it: key {@code leaseKey}, owner index. */
    private void createKclTable(String table) {
        aws.dynamoDb().createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("leaseKey").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("leaseOwner").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("leaseKey").keyType(KeyType.HASH))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(KclLeaseTable.OWNER_INDEX)
                        .keySchema(KeySchemaElement.builder().attributeName("leaseOwner").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("leaseKey").keyType(KeyType.RANGE).build())
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build()));
        await().atMost(TIMEOUT).until(() -> aws.dynamoDb().describeTable(b -> b.tableName(table)).table()
                .tableStatus() == TableStatus.ACTIVE);
    }

    private List<Map<String, AttributeValue>> rows(String table) {
        return aws.dynamoDb().scan(b -> b.tableName(table).consistentRead(true)).items();
    }

    private ConsumerConfig config(String app, String stream, String worker) {
        return ConsumerConfig.builder()
                .applicationName(app)
                .streamTracker(StreamTracker.fixed(StreamConfig.of(stream, StartingPosition.trimHorizon())))
                .kinesisClient(aws.kinesisAsync())
                .dynamoDbClient(aws.dynamoDbAsync())
                .retrievalConfig(RetrievalConfig.polling().idleInterval(Duration.ofMillis(200)).build())
                .processorFactory(RecordHandlers.processorFactory(
                        () -> record -> processed.add(new String(record.dataAsBytes(), StandardCharsets.UTF_8)),
                        CheckpointStrategy.afterEachBatch()))
                .meterRegistry(new SimpleMeterRegistry())
                .leaseCoordinatorConfig(LeaseCoordinatorConfig.builder().workerId(worker)
                        .heartbeatInterval(Duration.ofMillis(250)).failoverTimeout(Duration.ofMillis(1500))
                        .leaseScanInterval(Duration.ofSeconds(1)).leaseSyncInterval(Duration.ofSeconds(1)).build())
                .startupTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static List<TestRecord> records(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> TestRecord.of("key-" + (i % 20), "r" + i)).toList();
    }
}
