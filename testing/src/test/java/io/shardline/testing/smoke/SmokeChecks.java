package io.shardline.testing.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shardline.testing.LocalAws;
import io.shardline.testing.StreamHelper;
import io.shardline.testing.TestNames;
import io.shardline.testing.TestRecord;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.http.Http2Metric;
import software.amazon.awssdk.http.HttpMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The checks every backend must pass: what the rest of Shardline's suites rely on. Real SDK clients over HTTP, no
 * mocks. Subclasses say which {@link LocalAws} to run them on.
 */
abstract class SmokeChecks {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration FIRST_EVENT_WAIT = Duration.ofSeconds(20);
    private static final int FIRST_EVENT_ATTEMPTS = 3;

    /** The stack under test. */
    protected abstract LocalAws aws();

    private static TestNames names(TestInfo info) {
        return new TestNames(info.getTestMethod().orElseThrow().getName());
    }

    @Test
    void readsBackEveryRecordInShardAndKeyOrder(TestInfo info) {
        String stream = names(info).stream();
        StreamHelper streams = aws().streams();
        streams.create(stream, 4);
        try {
            List<TestRecord> written = recordsForKeys(100, 20, "");
            List<String> sequenceNumbers = streams.putRecords(stream, written);
            assertThat(sequenceNumbers).hasSize(2_000).doesNotContainNull().doesNotHaveDuplicates();

            Map<String, List<Record>> byShard = new LinkedHashMap<>();
            for (Shard shard : streams.listShards(stream)) {
                byShard.put(shard.shardId(), streams.readShard(stream, shard.shardId()));
            }

            assertThat(byShard).hasSize(4);
            assertThat(byShard.values()).allSatisfy(records -> assertThat(records).isNotEmpty());
            List<Record> all = byShard.values().stream().flatMap(List::stream).toList();
            assertThat(all).hasSize(2_000);
            assertThat(all.stream().map(Record::sequenceNumber).collect(Collectors.toSet()))
                    .isEqualTo(Set.copyOf(sequenceNumbers));
            byShard.forEach((shardId, records) -> assertThat(sequenceNumbersOf(records))
                    .as("sequence numbers of %s", shardId)
                    .isSortedAccordingTo(BigInteger::compareTo)
                    .doesNotHaveDuplicates());
            assertEachKeyInOneShardInOrder(byShard, 20);
        } finally {
            streams.delete(stream);
        }
    }

    @Test
    void splitAndMergeExposeChildShardsAndParents(TestInfo info) {
        String stream = names(info).stream();
        StreamHelper streams = aws().streams();
        KinesisClient kinesis = aws().kinesis();
        String parent = streams.create(stream, 1).get(0).shardId();
        try {
            streams.putRecords(stream, recordsForKeys(10, 5, "before-split"));
            List<Shard> children = streams.split(stream, parent);
            assertThat(children).hasSize(2);
            streams.putRecords(stream, recordsForKeys(10, 5, "after-split"));
            Shard merged = streams.merge(stream, children.get(0).shardId(), children.get(1).shardId());
            streams.putRecords(stream, recordsForKeys(10, 5, "after-merge"));

            Map<String, Shard> shards = streams.listShards(stream).stream()
                    .collect(Collectors.toMap(Shard::shardId, s -> s));
            assertThat(shards).hasSize(4);
            assertThat(shards.get(children.get(0).shardId()).parentShardId()).isEqualTo(parent);
            assertThat(shards.get(children.get(1).shardId()).parentShardId()).isEqualTo(parent);
            assertThat(shards.get(merged.shardId()).parentShardId()).isEqualTo(children.get(0).shardId());
            assertThat(shards.get(merged.shardId()).adjacentParentShardId()).isEqualTo(children.get(1).shardId());
            assertThat(shards.get(parent).sequenceNumberRange().endingSequenceNumber()).isNotNull();
            assertThat(shards.get(merged.shardId()).sequenceNumberRange().endingSequenceNumber()).isNull();

            ShardToEnd parentRead = readToEnd(kinesis, stream, parent);
            assertThat(parentRead.records()).hasSize(50).allSatisfy(r -> assertThat(text(r)).startsWith("before-split"));
            assertThat(parentRead.childShards()).extracting(ChildShard::shardId)
                    .containsExactlyInAnyOrder(children.get(0).shardId(), children.get(1).shardId());
            assertThat(parentRead.childShards()).allSatisfy(child ->
                    assertThat(child.parentShards()).containsExactly(parent));

            int afterSplit = 0;
            for (Shard child : children) {
                ShardToEnd childRead = readToEnd(kinesis, stream, child.shardId());
                afterSplit += childRead.records().size();
                assertThat(childRead.records()).allSatisfy(r -> assertThat(text(r)).startsWith("after-split"));
                assertThat(childRead.childShards()).singleElement().satisfies(grandChild -> {
                    assertThat(grandChild.shardId()).isEqualTo(merged.shardId());
                    assertThat(grandChild.parentShards()).containsExactlyInAnyOrder(
                            children.get(0).shardId(), children.get(1).shardId());
                });
            }
            assertThat(afterSplit).isEqualTo(50);
            assertThat(streams.readShard(stream, merged.shardId())).hasSize(50)
                    .allSatisfy(r -> assertThat(text(r)).startsWith("after-merge"));
        } finally {
            streams.delete(stream);
        }
    }

    @Test
    void updateShardCountReshardsToTheTarget(TestInfo info) {
        String stream = names(info).stream();
        StreamHelper streams = aws().streams();
        streams.create(stream, 2);
        try {
            streams.updateShardCount(stream, 4);
            List<Shard> shards = streams.listShards(stream);
            assertThat(shards.stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null))
                    .hasSize(4);
            assertThat(shards.stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() != null))
                    .extracting(Shard::shardId)
                    .containsExactlyInAnyOrder("shardId-000000000000", "shardId-000000000001");
        } finally {
            streams.delete(stream);
        }
    }

    @Test
    void subscribeToShardOverHttp2DeliversRecordsInOrder(TestInfo info) {
        TestNames names = names(info);
        String stream = names.stream();
        StreamHelper streams = aws().streams();
        String shardId = streams.create(stream, 1).get(0).shardId();
        try {
            List<TestRecord> written = recordsForKeys(5, 20, "efo");
            List<String> sequenceNumbers = streams.putRecords(stream, written);
            String consumerArn = streams.registerConsumer(stream, names.unique("consumer"));

            try (ShardSubscription subscription = openDelivering(consumerArn, shardId)) {
                await("SubscribeToShard delivers " + written.size() + " records")
                        .atMost(WAIT)
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> subscription.records().size() >= written.size() || subscription.failed());
                assertThat(subscription.error()).isNull();
                assertThat(subscription.records()).extracting(Record::sequenceNumber)
                        .containsExactlyElementsOf(sequenceNumbers);
                assertThat(subscription.records()).extracting(SmokeChecks::text)
                        .containsExactlyElementsOf(written.stream().map(TestRecord::text).toList());
                assertThat(subscription.continuationSequenceNumber()).isNotNull();
            }
            // The subscription ran on kinesisAsync(): prove that client speaks HTTP/2 to this endpoint (only HTTP/2
            // streams report flow-control windows), and that the check tells the HTTP/1.1 client apart.
            assertThat(httpMetricNames(aws().kinesisAsync(), stream))
                    .contains(Http2Metric.REMOTE_STREAM_WINDOW_SIZE_IN_BYTES.name());
            assertThat(httpMetricNames(aws().kinesisAsyncHttp1(), stream))
                    .contains(HttpMetric.HTTP_CLIENT_NAME.name())
                    .doesNotContain(Http2Metric.REMOTE_STREAM_WINDOW_SIZE_IN_BYTES.name());
        } finally {
            streams.delete(stream);
        }
    }

    /**
     * A subscription that has delivered its first event (or failed with an error other than the one Kinesis gives
     * while a replaced subscription of the same consumer and shard is still live). As a production consumer does
     * (Shardline's fetcher has a stall watchdog), a subscription silent for {@link #FIRST_EVENT_WAIT} is replaced:
     * kinesis-mock on a loaded machine once left a fresh subscription silent for over a minute. Replacements are
     * logged; a SubscribeToShard that never delivers still fails the test.
     */
    private ShardSubscription openDelivering(String consumerArn, String shardId) {
        AtomicReference<ShardSubscription> current = new AtomicReference<>();
        try {
            await("a SubscribeToShard that delivers its first event")
                    .atMost(FIRST_EVENT_WAIT.multipliedBy(3))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        ShardSubscription subscription = current.get();
                        if (subscription == null) {
                            current.set(ShardSubscription.fromTrimHorizon(aws().kinesisAsync(), consumerArn,
                                    shardId));
                            return false;
                        }
                        boolean inUse = isResourceInUse(subscription.error());
                        if (subscription.events() > 0 || (subscription.failed() && !inUse)) {
                            return true;
                        }
                        Duration age = subscription.age();
                        if ((inUse && age.compareTo(Duration.ofSeconds(1)) >= 0)
                                || age.compareTo(FIRST_EVENT_WAIT) >= 0) {
                            System.err.printf("SubscribeToShard: %s after %s; subscribing again%n",
                                    inUse ? "ResourceInUseException" : "no event", age);
                            subscription.close();
                            current.set(null);
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            ShardSubscription last = current.get();
            if (last != null) {
                last.close();
            }
            throw e;
        }
        return current.get();
    }

    private static boolean isResourceInUse(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ResourceInUseException) {
                return true;
            }
        }
        return false;
    }

    @Test
    void pollingWorksOnTheHttp1AsyncClient(TestInfo info) throws Exception {
        String stream = names(info).stream();
        StreamHelper streams = aws().streams();
        String shardId = streams.create(stream, 1).get(0).shardId();
        try {
            streams.putRecords(stream, recordsForKeys(3, 3, "http1"));
            String iterator = aws().kinesisAsyncHttp1().getShardIterator(b -> b.streamName(stream).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).get().shardIterator();
            GetRecordsResponse response = aws().kinesisAsyncHttp1().getRecords(b -> b.shardIterator(iterator)).get();
            assertThat(response.records()).hasSize(9);
        } finally {
            streams.delete(stream);
        }
    }

    @Test
    void dynamoDbConditionalWritesRejectStaleConditions(TestInfo info) throws Exception {
        String table = names(info).table();
        DynamoDbClient dynamo = aws().dynamoDb();
        createTableWithOwnerIndex(dynamo, table);
        try {
            Map<String, AttributeValue> item = Map.of("id", s("lease-1"), "owner", s("worker-a"), "version", n(1));
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(id)"));
            assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(id)")))
                    .isInstanceOf(ConditionalCheckFailedException.class);

            Map<String, AttributeValue> updated = dynamo.updateItem(b -> b.tableName(table).key(key("lease-1"))
                    .updateExpression("SET #o = :new, version = version + :one")
                    .conditionExpression("version = :expected")
                    .expressionAttributeNames(Map.of("#o", "owner"))
                    .expressionAttributeValues(Map.of(":new", s("worker-b"), ":one", n(1), ":expected", n(1)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            assertThat(updated).containsEntry("version", n(2)).containsEntry("owner", s("worker-b"));
            assertThatThrownBy(() -> dynamo.updateItem(b -> b.tableName(table).key(key("lease-1"))
                    .updateExpression("SET #o = :new")
                    .conditionExpression("version = :expected")
                    .expressionAttributeNames(Map.of("#o", "owner"))
                    .expressionAttributeValues(Map.of(":new", s("zombie"), ":expected", n(1)))))
                    .isInstanceOf(ConditionalCheckFailedException.class);

            await("GSI byOwner lists lease-1 under worker-b").atMost(WAIT).until(() -> dynamo.query(b -> b
                    .tableName(table).indexName("byOwner")
                    .keyConditionExpression("#o = :owner")
                    .expressionAttributeNames(Map.of("#o", "owner"))
                    .expressionAttributeValues(Map.of(":owner", s("worker-b")))).items().stream()
                    .anyMatch(i -> i.get("id").equals(s("lease-1"))));

            assertThatThrownBy(() -> dynamo.deleteItem(b -> b.tableName(table).key(key("lease-1"))
                    .conditionExpression("version = :expected")
                    .expressionAttributeValues(Map.of(":expected", n(1)))))
                    .isInstanceOf(ConditionalCheckFailedException.class);
            assertThat(aws().dynamoDbAsync().getItem(b -> b.tableName(table).key(key("lease-1"))
                    .consistentRead(true)).get().item()).containsEntry("owner", s("worker-b"));
            dynamo.deleteItem(b -> b.tableName(table).key(key("lease-1"))
                    .conditionExpression("version = :expected")
                    .expressionAttributeValues(Map.of(":expected", n(2))));
            assertThat(dynamo.getItem(b -> b.tableName(table).key(key("lease-1")).consistentRead(true)).hasItem())
                    .isFalse();
        } finally {
            dynamo.deleteTable(b -> b.tableName(table));
        }
    }

    /** Names of the metrics one DescribeStreamSummary call on {@code client} publishes. */
    private static Set<String> httpMetricNames(KinesisAsyncClient client, String stream) {
        List<MetricCollection> published = new CopyOnWriteArrayList<>();
        MetricPublisher publisher = new MetricPublisher() {
            @Override
            public void publish(MetricCollection metrics) {
                published.add(metrics);
            }

            @Override
            public void close() {
            }
        };
        client.describeStreamSummary(b -> b.streamName(stream)
                .overrideConfiguration(o -> o.addMetricPublisher(publisher))).join();
        await("metrics of DescribeStreamSummary").atMost(WAIT).until(() -> !published.isEmpty());
        Set<String> names = new HashSet<>();
        published.forEach(metrics -> collectNames(metrics, names));
        return names;
    }

    private static void collectNames(MetricCollection metrics, Set<String> names) {
        metrics.forEach(record -> names.add(record.metric().name()));
        metrics.children().forEach(child -> collectNames(child, names));
    }

    private static void createTableWithOwnerIndex(DynamoDbClient dynamo, String table) {
        dynamo.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("owner").attributeType(ScalarAttributeType.S).build())
                .keySchema(keyElement("id", KeyType.HASH))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byOwner")
                        .keySchema(keyElement("owner", KeyType.HASH), keyElement("id", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .build()));
        // Not the SDK's waiter: it polls every 20 s.
        await("table " + table + " ACTIVE").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> dynamo.describeTable(b -> b.tableName(table)).table().tableStatus() == TableStatus.ACTIVE);
        assertThat(dynamo.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes())
                .singleElement().satisfies(index -> assertThat(index.indexName()).isEqualTo("byOwner"));
    }

    private static KeySchemaElement keyElement(String attribute, KeyType type) {
        return KeySchemaElement.builder().attributeName(attribute).keyType(type).build();
    }

    /** {@code keys * perKey} records, key-major interleaved: record i has key {@code i % keys}. */
    static List<TestRecord> recordsForKeys(int keys, int perKey, String prefix) {
        return IntStream.range(0, keys * perKey)
                .mapToObj(i -> TestRecord.of("key-" + (i % keys), prefix + ":key-" + (i % keys) + ":" + (i / keys)))
                .toList();
    }

    private static void assertEachKeyInOneShardInOrder(Map<String, List<Record>> byShard, int perKey) {
        Map<String, String> shardOfKey = new HashMap<>();
        Map<String, List<Integer>> counters = new HashMap<>();
        byShard.forEach((shardId, records) -> {
            for (Record record : records) {
                String previous = shardOfKey.putIfAbsent(record.partitionKey(), shardId);
                assertThat(previous).as("shard of key %s", record.partitionKey()).isIn(null, shardId);
                String[] parts = text(record).split(":");
                assertThat(parts[1]).isEqualTo(record.partitionKey());
                counters.computeIfAbsent(record.partitionKey(), k -> new ArrayList<>()).add(Integer.parseInt(parts[2]));
            }
        });
        assertThat(counters).hasSize(100);
        List<Integer> expected = IntStream.range(0, perKey).boxed().toList();
        counters.forEach((key, seen) -> assertThat(seen).as("order of key %s", key).isEqualTo(expected));
    }

    private static List<BigInteger> sequenceNumbersOf(List<Record> records) {
        return records.stream().map(r -> new BigInteger(r.sequenceNumber())).toList();
    }

    /** All records of a shard up to its end, and the ChildShards of the response that ended it. */
    record ShardToEnd(List<Record> records, List<ChildShard> childShards) {
    }

    private static ShardToEnd readToEnd(KinesisClient kinesis, String stream, String shardId) {
        List<Record> records = new ArrayList<>();
        List<ChildShard> children = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String[] iterator = {kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator()};
        await("GetRecords reaches the end of closed shard " + shardId).atMost(WAIT)
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    GetRecordsResponse response = kinesis.getRecords(b -> b.shardIterator(iterator[0]));
                    response.records().forEach(r -> assertThat(seen.add(r.sequenceNumber())).isTrue());
                    records.addAll(response.records());
                    iterator[0] = response.nextShardIterator();
                    if (iterator[0] == null) {
                        children.addAll(response.childShards());
                        return true;
                    }
                    return false;
                });
        return new ShardToEnd(records, children);
    }

    static String text(Record record) {
        return record.data().asString(StandardCharsets.UTF_8);
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", s(id));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
