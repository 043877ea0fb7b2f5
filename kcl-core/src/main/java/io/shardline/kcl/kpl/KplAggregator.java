package io.shardline.kcl.kpl;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Builds KPL aggregated records, written from the documented format (not from the KPL's code): for producers that
 * want to pack small records into one Kinesis record without the KPL's native daemon, and for tests that put what a
 * KPL producer would put and check that consumers unpack it. Shardline's consumers de-aggregate these
 * ({@code ConsumerConfig} needs no setting).
 *
 * <p>Format: the magic bytes {@code F3 89 9A C2}, a protobuf {@code AggregatedRecord} (field 1: partition key table,
 * field 2: explicit hash key table, field 3: records, each with field 1 partition key index, optional field 2
 * explicit hash key index, field 3 data), and the 16-byte MD5 of the protobuf body. Keys are de-duplicated in the
 * tables, in order of first use, as the KPL does.
 *
 * <pre>{@code
 * KplAggregator aggregate = new KplAggregator().add("user-1", "a").add("user-2", "b");
 * kinesis.putRecords(b -> b.streamName(stream).records(aggregate.toPutRecordsEntry()));
 * }</pre>
 *
 * Like the KPL, the Kinesis record that carries the aggregate takes the first user record's partition key and, as
 * its explicit hash key, the first user record's effective hash key, so it lands on that record's shard. Mutable;
 * not thread-safe.
 */
public final class KplAggregator {

    private static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

    /**
     * One user record.
     *
     * @param partitionKey    its partition key
     * @param explicitHashKey its explicit hash key (decimal), or {@code null}
     * @param data            its payload
     */
    public record UserRecord(String partitionKey, String explicitHashKey, byte[] data) {
        /** Checks the components (non-null where the record description does not say otherwise). */
        public UserRecord {
            Objects.requireNonNull(partitionKey, "partitionKey");
            data = Objects.requireNonNull(data, "data").clone();
        }

        /** A copy of the record data. */
        @Override
        public byte[] data() {
            return data.clone();
        }

        /** Its explicit hash key, or the MD5 of its partition key as Kinesis computes it. */
        public BigInteger effectiveHashKey() {
            return explicitHashKey != null ? new BigInteger(explicitHashKey) : hashKeyOf(partitionKey);
        }
    }

    private final List<UserRecord> records = new ArrayList<>();

    /** An empty aggregate. */
    public KplAggregator() {
    }

    /** Adds a user record whose data is {@code text} in UTF-8. */
    public KplAggregator add(String partitionKey, String text) {
        return add(partitionKey, null, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a user record whose data is {@code text} in UTF-8; {@code explicitHashKey} may be {@code null}. */
    public KplAggregator add(String partitionKey, String explicitHashKey, String text) {
        return add(partitionKey, explicitHashKey, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a user record; {@code explicitHashKey} may be {@code null}. */
    public KplAggregator add(String partitionKey, String explicitHashKey, byte[] data) {
        records.add(new UserRecord(partitionKey, explicitHashKey, data));
        return this;
    }

    /** The user records added so far. */
    public List<UserRecord> records() {
        return List.copyOf(records);
    }

    /** How many user records the aggregate holds so far. */
    public int size() {
        return records.size();
    }

    /** The protobuf body alone: no magic bytes, no MD5. */
    public byte[] body() {
        Map<String, Integer> partitionKeys = new LinkedHashMap<>();
        Map<String, Integer> explicitHashKeys = new LinkedHashMap<>();
        for (UserRecord record : records) {
            partitionKeys.putIfAbsent(record.partitionKey(), partitionKeys.size());
            if (record.explicitHashKey() != null) {
                explicitHashKeys.putIfAbsent(record.explicitHashKey(), explicitHashKeys.size());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        partitionKeys.keySet().forEach(key -> writeBytesField(out, 1, utf8(key)));
        explicitHashKeys.keySet().forEach(key -> writeBytesField(out, 2, utf8(key)));
        for (UserRecord record : records) {
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            writeVarintField(entry, 1, partitionKeys.get(record.partitionKey()));
            if (record.explicitHashKey() != null) {
                writeVarintField(entry, 2, explicitHashKeys.get(record.explicitHashKey()));
            }
            writeBytesField(entry, 3, record.data);
            writeBytesField(out, 3, entry.toByteArray());
        }
        return out.toByteArray();
    }

    /** The aggregated record: magic bytes, body, MD5 of the body. */
    public byte[] toBytes() {
        if (records.isEmpty()) {
            throw new IllegalStateException("an aggregate needs at least one user record");
        }
        return frame(body());
    }

    /** The Kinesis partition key of the aggregate: the first user record's. */
    public String partitionKey() {
        requireRecords();
        return records.get(0).partitionKey();
    }

    /** The Kinesis explicit hash key of the aggregate: the first user record's effective hash key. */
    public String explicitHashKey() {
        requireRecords();
        return records.get(0).effectiveHashKey().toString();
    }

    /** A PutRecords entry carrying this aggregate. */
    public PutRecordsRequestEntry toPutRecordsEntry() {
        return PutRecordsRequestEntry.builder()
                .partitionKey(partitionKey())
                .explicitHashKey(explicitHashKey())
                .data(SdkBytes.fromByteArray(toBytes()))
                .build();
    }

    /** Magic bytes + {@code body} + MD5({@code body}): frames any body, valid or not, for corruption tests. */
    public static byte[] frame(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.writeBytes(body);
        out.writeBytes(md5(body));
        return out.toByteArray();
    }

    /** The MD5 of {@code partitionKey} (UTF-8) as an unsigned 128-bit integer: Kinesis's hash key. */
    public static BigInteger hashKeyOf(String partitionKey) {
        return new BigInteger(1, md5(utf8(partitionKey)));
    }

    private void requireRecords() {
        if (records.isEmpty()) {
            throw new IllegalStateException("no user record added yet");
        }
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide MD5", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void writeVarintField(ByteArrayOutputStream out, int field, long value) {
        writeVarint(out, (long) field << 3);
        writeVarint(out, value);
    }

    private static void writeBytesField(ByteArrayOutputStream out, int field, byte[] bytes) {
        writeVarint(out, ((long) field << 3) | 2);
        writeVarint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long remaining = value;
        while ((remaining & ~0x7FL) != 0) {
            out.write((int) ((remaining & 0x7F) | 0x80));
            remaining >>>= 7;
        }
        out.write((int) remaining);
    }
}
