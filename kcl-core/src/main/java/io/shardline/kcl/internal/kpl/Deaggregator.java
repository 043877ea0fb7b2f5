package io.shardline.kcl.internal.kpl;

import io.shardline.kcl.KinesisClientRecord;
import io.shardline.lease.HashKeyRange;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Unpacks KPL aggregated records. Pure: no I/O, no logging, no metrics; the caller reports what the result says.
 *
 * <p>Format: the magic bytes {@code F3 89 9A C2}, a protobuf {@code AggregatedRecord}, and the 16-byte MD5 of that
 * protobuf body.
 * <pre>
 * message AggregatedRecord {
 *   repeated string partition_key_table     = 1;
 *   repeated string explicit_hash_key_table = 2;
 *   repeated Record records                 = 3;
 * }
 * message Record {
 *   required uint64 partition_key_index     = 1;
 *   optional uint64 explicit_hash_key_index = 2;
 *   required bytes  data                    = 3;
 *   repeated Tag    tags                    = 4;  // ignored
 * }
 * </pre>
 * User record {@code i} gets sub-sequence number {@code i} (its index in the aggregate, so numbers stay stable when
 * some records are dropped). Its effective hash key is its explicit hash key if it has one, else the MD5 of its
 * partition key read as an unsigned 128-bit integer. A user record whose key lies outside the shard's range is
 * dropped only when the caller asks (KCL's rule: the KPL re-sends such records to the right shard, so for KPL-only
 * producers they are duplicates); otherwise it is delivered, flagged, because producers such as AWS Labs'
 * kinesis-aggregation put user records of any key in the aggregate of the first key and the record is in no other
 * shard.
 *
 * <p><b>Corrupt aggregates.</b> A record that starts with the magic bytes but fails the MD5 check or parsing is
 * delivered whole as one plain record and reported in {@link DeaggregationResult#corruption()}: the processor sees
 * the bytes the producer wrote, nothing is lost silently, and the shard does not stop (as Amazon KCL does).
 * Plain records pass through untouched. Thread-safe (stateless).
 */
public final class Deaggregator {

    private static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
    private static final int DIGEST_LENGTH = 16;
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(Deaggregator::newMd5);

    private static final int FIELD_PARTITION_KEY_TABLE = 1;
    private static final int FIELD_EXPLICIT_HASH_KEY_TABLE = 2;
    private static final int FIELD_RECORDS = 3;
    private static final int FIELD_PARTITION_KEY_INDEX = 1;
    private static final int FIELD_EXPLICIT_HASH_KEY_INDEX = 2;
    private static final int FIELD_DATA = 3;

    private Deaggregator() {
    }

    /**
     * The user records of the Kinesis record {@code record} (a plain record, as the proxy returns it), dropping those
     * outside {@code shardRange} (KCL's rule, right only for KPL-only producers); {@code shardRange} {@code null} keeps
     * every user record.
     */
    public static DeaggregationResult deaggregate(KinesisClientRecord record, HashKeyRange shardRange) {
        return deaggregate(record, shardRange, true);
    }

    /**
     * The user records of {@code record}. A user record outside {@code shardRange} is dropped when
     * {@code dropOutsideRange} (counted in {@link DeaggregationResult#droppedOutOfRange()}, returned in
     * {@link DeaggregationResult#dropped()}), else delivered with
     * {@link KinesisClientRecord#outsideShardHashRange()} set (counted in
     * {@link DeaggregationResult#deliveredOutOfRange()}).
     */
    public static DeaggregationResult deaggregate(KinesisClientRecord record, HashKeyRange shardRange,
            boolean dropOutsideRange) {
        ByteBuffer data = record.data();
        if (!hasMagic(data)) {
            return new DeaggregationResult(List.of(record), List.of(), 0, null);
        }
        try {
            return unpack(record, data, shardRange, dropOutsideRange);
        } catch (MalformedAggregateException e) {
            return new DeaggregationResult(List.of(record), List.of(), 0, e.getMessage());
        }
    }

    /** True when {@code data} (a record's whole payload) starts with the KPL magic bytes. */
    public static boolean hasMagic(byte[] data) {
        if (data.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (data[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** True when no record of {@code records} starts with the KPL magic bytes. */
    public static boolean noneAggregated(List<KinesisClientRecord> records) {
        for (KinesisClientRecord record : records) {
            if (hasMagic(record.data())) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code data} starts with the KPL magic bytes. */
    public static boolean hasMagic(ByteBuffer data) {
        if (data.remaining() < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (data.get(data.position() + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The MD5 of {@code partitionKey} (UTF-8) as an unsigned 128-bit integer: Kinesis's hash key. */
    public static BigInteger hashKeyOf(String partitionKey) {
        return new BigInteger(1, md5().digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
    }

    private static DeaggregationResult unpack(KinesisClientRecord record, ByteBuffer data, HashKeyRange shardRange,
            boolean dropOutsideRange) {
        ByteBuffer body = verifiedBody(data);
        AggregateContents contents = parse(body);
        List<KinesisClientRecord> records = new ArrayList<>(contents.entries().size());
        // Where each key table entry's hash key lies, worked out once per entry, not per user record: an aggregate
        // usually repeats a few keys (all its user records may share one explicit hash key).
        byte[] partitionKeyPlaces = new byte[contents.partitionKeys().size()];
        byte[] explicitHashKeyPlaces = new byte[contents.explicitHashKeys().size()];
        List<KinesisClientRecord> dropped = new ArrayList<>();
        int deliveredOutside = 0;
        for (int i = 0; i < contents.entries().size(); i++) {
            Entry entry = contents.entries().get(i);
            String partitionKey = contents.partitionKeys().get(entry.partitionKeyIndex());
            String explicitHashKey = entry.explicitHashKeyIndex() < 0 ? null
                    : contents.explicitHashKeys().get(entry.explicitHashKeyIndex());
            boolean outside = false;
            if (shardRange != null) {
                outside = explicitHashKey != null
                        ? isOutside(explicitHashKeyPlaces, entry.explicitHashKeyIndex(), shardRange, explicitHashKey,
                                true)
                        : isOutside(partitionKeyPlaces, entry.partitionKeyIndex(), shardRange, partitionKey, false);
            }
            KinesisClientRecord userRecord = new KinesisClientRecord(partitionKey, record.sequenceNumber(), i,
                    explicitHashKey, record.approximateArrivalTimestamp(), entry.data(), true, outside);
            if (outside && dropOutsideRange) {
                dropped.add(userRecord);
            } else {
                records.add(userRecord);
                deliveredOutside += outside ? 1 : 0;
            }
        }
        return new DeaggregationResult(records, dropped, deliveredOutside, null);
    }

    private static ByteBuffer verifiedBody(ByteBuffer data) {
        int start = data.position() + MAGIC.length;
        int digestStart = data.limit() - DIGEST_LENGTH;
        if (digestStart < start) {
            throw new MalformedAggregateException("aggregate of " + data.remaining() + " bytes is too short for "
                    + "its magic bytes and MD5 trailer");
        }
        ByteBuffer body = data.duplicate();
        body.position(start).limit(digestStart);
        body = body.slice();
        MessageDigest md5 = md5();
        md5.update(body.duplicate());
        byte[] expected = md5.digest();
        for (int i = 0; i < DIGEST_LENGTH; i++) {
            if (expected[i] != data.get(digestStart + i)) {
                throw new MalformedAggregateException("MD5 of the aggregate body does not match its trailer");
            }
        }
        return body;
    }

    private static AggregateContents parse(ByteBuffer body) {
        List<String> partitionKeys = new ArrayList<>();
        List<String> explicitHashKeys = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        ProtobufReader reader = new ProtobufReader(body);
        while (reader.hasRemaining()) {
            int tag = reader.readTag();
            int field = ProtobufReader.fieldNumber(tag);
            boolean delimited = ProtobufReader.wireType(tag) == ProtobufReader.WIRE_LENGTH_DELIMITED;
            if (field == FIELD_PARTITION_KEY_TABLE && delimited) {
                partitionKeys.add(utf8(reader.readLengthDelimited()));
            } else if (field == FIELD_EXPLICIT_HASH_KEY_TABLE && delimited) {
                explicitHashKeys.add(utf8(reader.readLengthDelimited()));
            } else if (field == FIELD_RECORDS && delimited) {
                entries.add(parseEntry(reader.readLengthDelimited()));
            } else {
                reader.skipField(ProtobufReader.wireType(tag));
            }
        }
        AggregateContents contents = new AggregateContents(partitionKeys, explicitHashKeys, entries);
        contents.checkIndexes();
        return contents;
    }

    private static Entry parseEntry(ByteBuffer message) {
        long partitionKeyIndex = -1;
        long explicitHashKeyIndex = -1;
        boolean hasExplicitHashKey = false;
        ByteBuffer data = null;
        ProtobufReader reader = new ProtobufReader(message);
        while (reader.hasRemaining()) {
            int tag = reader.readTag();
            int field = ProtobufReader.fieldNumber(tag);
            int wireType = ProtobufReader.wireType(tag);
            if (field == FIELD_PARTITION_KEY_INDEX && wireType == ProtobufReader.WIRE_VARINT) {
                partitionKeyIndex = reader.readVarint();
            } else if (field == FIELD_EXPLICIT_HASH_KEY_INDEX && wireType == ProtobufReader.WIRE_VARINT) {
                explicitHashKeyIndex = reader.readVarint();
                hasExplicitHashKey = true;
            } else if (field == FIELD_DATA && wireType == ProtobufReader.WIRE_LENGTH_DELIMITED) {
                data = reader.readLengthDelimited();
            } else {
                reader.skipField(wireType);
            }
        }
        if (!isIndex(partitionKeyIndex) || data == null
                || (hasExplicitHashKey && !isIndex(explicitHashKeyIndex))) {
            throw new MalformedAggregateException("user record without a valid partition_key_index or data");
        }
        return new Entry((int) partitionKeyIndex, hasExplicitHashKey ? (int) explicitHashKeyIndex : -1, data);
    }

    private static boolean isIndex(long value) {
        return value >= 0 && value <= Integer.MAX_VALUE;
    }

    private static final byte INSIDE = 1;
    private static final byte OUTSIDE = 2;

    /**
     * Whether key table entry {@code index} ({@code key}: an explicit hash key, or a partition key to hash) lies
     * outside {@code range}; {@code places} remembers the answer per entry (0: not worked out yet).
     */
    private static boolean isOutside(byte[] places, int index, HashKeyRange range, String key, boolean explicit) {
        if (places[index] == 0) {
            BigInteger hashKey = explicit ? parseHashKey(key) : hashKeyOf(key);
            places[index] = range.contains(hashKey) ? INSIDE : OUTSIDE;
        }
        return places[index] == OUTSIDE;
    }

    private static BigInteger parseHashKey(String explicitHashKey) {
        try {
            return new BigInteger(explicitHashKey);
        } catch (NumberFormatException e) {
            throw new MalformedAggregateException("explicit hash key '" + explicitHashKey + "' is not a number");
        }
    }

    /**
     * The key's UTF-8 text, malformed bytes replaced (as {@code Charset.decode} did, which cost a new decoder and
     * char buffer per key); read without moving {@code bytes}, which is a read-only view (a record's payload always
     * is), so its array is out of reach and the key is copied once.
     */
    private static String utf8(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return new String(copy, StandardCharsets.UTF_8);
    }

    /**
     * This thread's MD5, reset. {@code MessageDigest.getInstance} is a provider lookup and a new digest per call
     * (one per aggregate and one per distinct partition key); fetch threads are pooled, so one per thread is reused.
     */
    private static MessageDigest md5() {
        MessageDigest md5 = MD5.get();
        md5.reset();
        return md5;
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide MD5", e);
        }
    }

    private record Entry(int partitionKeyIndex, int explicitHashKeyIndex, ByteBuffer data) {
    }

    private record AggregateContents(List<String> partitionKeys, List<String> explicitHashKeys,
            List<Entry> entries) {

        void checkIndexes() {
            for (Entry entry : entries) {
                if (entry.partitionKeyIndex() >= partitionKeys.size()
                        || entry.explicitHashKeyIndex() >= explicitHashKeys.size()) {
                    throw new MalformedAggregateException("user record refers to key table index "
                            + entry.partitionKeyIndex() + "/" + entry.explicitHashKeyIndex() + " but the tables hold "
                            + partitionKeys.size() + "/" + explicitHashKeys.size() + " keys");
                }
            }
        }
    }
}
