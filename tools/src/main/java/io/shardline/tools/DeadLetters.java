package io.shardline.tools;

import io.shardline.kcl.deadletter.DeadLetterEntry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads the dead letters of either built-in sink ({@code DeadLetterSink.dynamoDbTable}: a Scan;
 * {@code DeadLetterSink.kinesisStream}: every shard read from TRIM_HORIZON to its tip) and puts payloads back into a
 * stream. Entries keyed by {@link DeadLetterEntry#recordKey()}; a stream sink may hold one entry twice (at-least-once
 * sink), the last copy wins.
 */
final class DeadLetters {

    /** Which sink. */
    sealed interface Sink permits TableSink, StreamSink {
        String describe();
    }

    record TableSink(String table) implements Sink {
        public String describe() {
            return "DynamoDB table " + table;
        }
    }

    record StreamSink(String stream) implements Sink {
        public String describe() {
            return "Kinesis stream " + stream;
        }
    }

    /**
     * Empty answers in a row at the tip before a shard counts as read to its end: Kinesis may answer empty while
     * records exist (and kinesis-mock reports millisBehindLatest 0 even then).
     */
    static final int TIP_CONFIRMATIONS = 3;

    private final KinesisAsyncClient kinesis;
    private final DynamoDbAsyncClient dynamoDb;
    private final Sink sink;

    DeadLetters(KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamoDb, Sink sink) {
        this.kinesis = kinesis;
        this.dynamoDb = dynamoDb;
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    Sink sink() {
        return sink;
    }

    /** Every entry, by record key, in the order read. */
    Map<String, DeadLetterEntry> list() {
        Map<String, DeadLetterEntry> entries = new LinkedHashMap<>();
        if (sink instanceof TableSink t) {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page = dynamoDb.scan(b -> b.tableName(t.table()).exclusiveStartKey(from)).join();
                page.items().forEach(item -> {
                    DeadLetterEntry e = fromItem(item);
                    entries.put(e.recordKey(), e);
                });
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        } else {
            String stream = ((StreamSink) sink).stream();
            for (Shard shard : shards(stream)) {
                for (Record r : readShard(stream, shard.shardId())) {
                    DeadLetterEntry e = DeadLetterEntry.fromJson(r.data().asUtf8String());
                    entries.put(e.recordKey(), e);
                }
            }
        }
        return entries;
    }

    /** Puts the entry's payload into {@code stream} with its partition key (and explicit hash key). */
    String redrive(DeadLetterEntry e, String stream) {
        PutRecordRequest.Builder put = PutRecordRequest.builder().partitionKey(e.partitionKey())
                .data(SdkBytes.fromByteBuffer(e.data()));
        if (e.explicitHashKey() != null) {
            put.explicitHashKey(e.explicitHashKey());
        }
        if (stream.startsWith("arn:")) {
            put.streamARN(stream);
        } else {
            put.streamName(stream);
        }
        return kinesis.putRecord(put.build()).join().sequenceNumber();
    }

    /** Deletes the entry from the table sink (only after its redrive succeeded). */
    void delete(DeadLetterEntry e) {
        if (!(sink instanceof TableSink t)) {
            throw new IllegalArgumentException("entries of a Kinesis stream sink cannot be deleted (records "
                    + "expire with the stream's retention)");
        }
        dynamoDb.deleteItem(b -> b.tableName(t.table()).key(Map.of("id", AttributeValue.fromS(e.recordKey()))))
                .join();
    }

    private List<Shard> shards(String stream) {
        List<Shard> shards = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListShardsResponse page = kinesis.listShards(b -> {
                if (next != null) {
                    b.nextToken(next);
                } else if (stream.startsWith("arn:")) {
                    b.streamARN(stream);
                } else {
                    b.streamName(stream);
                }
            }).join();
            shards.addAll(page.shards());
            token = page.nextToken();
        } while (token != null);
        return shards;
    }

    private List<Record> readShard(String stream, String shardId) {
        String iterator = kinesis.getShardIterator(b -> {
            b.shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            if (stream.startsWith("arn:")) {
                b.streamARN(stream);
            } else {
                b.streamName(stream);
            }
        }).join().shardIterator();
        List<Record> records = new ArrayList<>();
        int emptyAtTip = 0;
        while (iterator != null && emptyAtTip < TIP_CONFIRMATIONS) {
            String it = iterator;
            GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(it).limit(10_000)).join();
            records.addAll(page.records());
            iterator = page.nextShardIterator();
            boolean atTip = page.millisBehindLatest() == null || page.millisBehindLatest() == 0;
            emptyAtTip = page.records().isEmpty() && atTip ? emptyAtTip + 1 : 0;
        }
        return records;
    }

    static DeadLetterEntry fromItem(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> m = new HashMap<>(item);
        return new DeadLetterEntry(s(m, "application"), s(m, "stream"), s(m, "shardId"), s(m, "sequenceNumber"),
                Long.parseLong(n(m, "subSequenceNumber")), s(m, "partitionKey"), s(m, "explicitHashKey"),
                m.get("data") == null ? ByteBuffer.allocate(0) : m.get("data").b().asByteBuffer(),
                Instant.parse(s(m, "arrivedAt")), Instant.parse(s(m, "failedAt")),
                DeadLetterEntry.Reason.valueOf(s(m, "reason")), s(m, "errorClass"), s(m, "errorMessage"),
                Integer.parseInt(n(m, "attempts")), s(m, "workerId"));
    }

    private static String s(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null ? null : v.s();
    }

    private static String n(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null || v.n() == null ? "0" : v.n();
    }

    /** The payload as text when it is printable UTF-8, else null. */
    static String printable(DeadLetterEntry e) {
        byte[] bytes = e.dataAsBytes();
        String text = new String(bytes, StandardCharsets.UTF_8);
        boolean ok = text.chars().allMatch(c -> c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c != 0xFFFD));
        return ok ? text : null;
    }
}
