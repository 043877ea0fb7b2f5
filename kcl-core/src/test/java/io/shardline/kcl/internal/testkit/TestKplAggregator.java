package io.shardline.kcl.internal.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes KPL aggregated records from the documented format (magic, protobuf AggregatedRecord, MD5 trailer), for
 * kcl-core's unit tests. The same encoder for integration tests lives in the testing module
 * ({@code io.shardline.testing.kpl.KplAggregator}); kcl-core cannot depend on it.
 */
public final class TestKplAggregator {

    private static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

    /** One user record. */
    public record UserRecord(String partitionKey, String explicitHashKey, byte[] data) {
        public static UserRecord of(String partitionKey, String data) {
            return new UserRecord(partitionKey, null, data.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final List<UserRecord> records = new ArrayList<>();

    public TestKplAggregator add(String partitionKey, String data) {
        records.add(UserRecord.of(partitionKey, data));
        return this;
    }

    public TestKplAggregator add(String partitionKey, String explicitHashKey, String data) {
        records.add(new UserRecord(partitionKey, explicitHashKey, data.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** The protobuf body alone (no magic, no MD5). */
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
        partitionKeys.keySet().forEach(key -> writeBytes(out, 1, key.getBytes(StandardCharsets.UTF_8)));
        explicitHashKeys.keySet().forEach(key -> writeBytes(out, 2, key.getBytes(StandardCharsets.UTF_8)));
        for (UserRecord record : records) {
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            writeVarintField(entry, 1, partitionKeys.get(record.partitionKey()));
            if (record.explicitHashKey() != null) {
                writeVarintField(entry, 2, explicitHashKeys.get(record.explicitHashKey()));
            }
            writeBytes(entry, 3, record.data());
            writeBytes(out, 3, entry.toByteArray());
        }
        return out.toByteArray();
    }

    /** The whole aggregated record: magic, body, MD5 of the body. */
    public byte[] toBytes() {
        return frame(body());
    }

    /** Magic + {@code body} + MD5({@code body}). */
    public static byte[] frame(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.writeBytes(body);
        out.writeBytes(md5(body));
        return out.toByteArray();
    }

    public static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeVarintField(ByteArrayOutputStream out, int field, long value) {
        writeVarint(out, (long) field << 3);
        writeVarint(out, value);
    }

    private static void writeBytes(ByteArrayOutputStream out, int field, byte[] bytes) {
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
