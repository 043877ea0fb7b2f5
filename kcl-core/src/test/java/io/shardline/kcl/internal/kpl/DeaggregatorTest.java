package io.shardline.kcl.internal.kpl;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.kpl.KplAggregator;
import io.shardline.lease.HashKeyRange;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

class DeaggregatorTest {

    private static final String SEQUENCE = "49600000000000000000000000000000000000000001";
    private static final Instant ARRIVAL = Instant.parse("2024-05-01T10:00:00Z");
    private static final BigInteger MAX_HASH_KEY = BigInteger.TWO.pow(128).subtract(BigInteger.ONE);
    private static final HashKeyRange FULL_RANGE = new HashKeyRange(BigInteger.ZERO, MAX_HASH_KEY);

    // Aggregates produced by the reference KPL aggregator (published alongside open-source de-aggregators), so the
    // format accepted here is not only defined by this project's own encoder.
    private static final String REFERENCE_THREE_KEYS = "84mawgoEcGstMAoEcGstMQoEcGstMhoTCAAaD3sibXNnIjoibGluZTAifR"
            + "oTCAEaD3sibXNnIjoibGluZTEifRoTCAIaD3sibXNnIjoibGluZTIifZ8hyadI+v2KZPZrUGim6cQ=";
    private static final String REFERENCE_ONE_KEY = "84mawgoCcDEaGAgAGhQwMTIzNDU2Nzg5MDEyMzQ1NjdfQRoYCAAaFDAxMjM0N"
            + "TY3ODkwMTIzNDU2N19CGhgIABoUMDEyMzQ1Njc4OTAxMjM0NTY3X0NHjL02iyRk3D+kO2UC2X6u";

    @Test
    void unpacksAggregateMadeByTheReferenceAggregator() {
        DeaggregationResult result = Deaggregator.deaggregate(raw(Base64.getDecoder().decode(REFERENCE_THREE_KEYS)),
                FULL_RANGE);

        assertThat(result.isCorrupt()).isFalse();
        assertThat(result.records()).extracting(KinesisClientRecord::partitionKey)
                .containsExactly("pk-0", "pk-1", "pk-2");
        assertThat(result.records()).extracting(DeaggregatorTest::text)
                .containsExactly("{\"msg\":\"line0\"}", "{\"msg\":\"line1\"}", "{\"msg\":\"line2\"}");
        assertThat(result.records()).extracting(KinesisClientRecord::subSequenceNumber).containsExactly(0L, 1L, 2L);
        assertThat(result.records()).allSatisfy(record -> {
            assertThat(record.aggregated()).isTrue();
            assertThat(record.sequenceNumber()).isEqualTo(SEQUENCE);
            assertThat(record.approximateArrivalTimestamp()).isEqualTo(ARRIVAL);
            assertThat(record.explicitHashKey()).isNull();
        });
    }

    @Test
    void encoderProducesTheReferenceAggregatorsBytes() {
        byte[] encoded = new KplAggregator()
                .add("p1", "012345678901234567_A")
                .add("p1", "012345678901234567_B")
                .add("p1", "012345678901234567_C")
                .toBytes();

        assertThat(encoded).isEqualTo(Base64.getDecoder().decode(REFERENCE_ONE_KEY));
    }

    @Test
    void roundTripsUserRecordsWithAndWithoutExplicitHashKeys() {
        byte[] aggregate = new KplAggregator()
                .add("alpha", "one")
                .add("beta", "12345678901234567890", "two")
                .add("alpha", "three")
                .add("gamma", "12345678901234567890", "")
                .toBytes();

        DeaggregationResult result = Deaggregator.deaggregate(raw(aggregate), FULL_RANGE);

        assertThat(result.records()).extracting(KinesisClientRecord::partitionKey)
                .containsExactly("alpha", "beta", "alpha", "gamma");
        assertThat(result.records()).extracting(KinesisClientRecord::explicitHashKey)
                .containsExactly(null, "12345678901234567890", null, "12345678901234567890");
        assertThat(result.records()).extracting(DeaggregatorTest::text).containsExactly("one", "two", "three", "");
        assertThat(result.records()).extracting(KinesisClientRecord::subSequenceNumber)
                .containsExactly(0L, 1L, 2L, 3L);
        assertThat(result.droppedOutOfRange()).isZero();
    }

    @Test
    void passesPlainRecordsThroughUntouched() {
        DeaggregationResult result = Deaggregator.deaggregate(raw("just json".getBytes(StandardCharsets.UTF_8)),
                FULL_RANGE);

        assertThat(result.records()).singleElement().satisfies(record -> {
            assertThat(record.aggregated()).isFalse();
            assertThat(record.subSequenceNumber()).isZero();
            assertThat(text(record)).isEqualTo("just json");
            assertThat(record.partitionKey()).isEqualTo("outer-key");
        });
        assertThat(result.isCorrupt()).isFalse();
    }

    @Test
    void deliversAggregateWithWrongMd5AsOnePlainRecordAndReportsIt() {
        byte[] aggregate = new KplAggregator().add("a", "one").add("b", "two").toBytes();
        aggregate[aggregate.length - 1] ^= 0x01;

        DeaggregationResult result = Deaggregator.deaggregate(raw(aggregate), FULL_RANGE);

        assertThat(result.isCorrupt()).isTrue();
        assertThat(result.corruption()).contains("MD5");
        assertThat(result.records()).singleElement().satisfies(record -> {
            assertThat(record.aggregated()).isFalse();
            assertThat(record.dataAsBytes()).isEqualTo(aggregate);
        });
    }

    @Test
    void deliversAggregateWithTruncatedBodyAsOnePlainRecord() {
        byte[] body = new KplAggregator().add("a", "one").add("b", "two").body();
        byte[] truncatedBody = Arrays.copyOf(body, body.length - 2);
        byte[] aggregate = KplAggregator.frame(truncatedBody); // MD5 matches, protobuf does not parse

        DeaggregationResult result = Deaggregator.deaggregate(raw(aggregate), FULL_RANGE);

        assertThat(result.isCorrupt()).isTrue();
        assertThat(result.corruption()).contains("past the end");
        assertThat(result.records()).singleElement().satisfies(record -> {
            assertThat(record.aggregated()).isFalse();
            assertThat(record.dataAsBytes()).isEqualTo(aggregate);
        });
    }

    @Test
    void deliversRecordTruncatedAfterTheMagicBytesAsPlainRecord() {
        byte[] aggregate = new KplAggregator().add("a", "one").toBytes();
        byte[] truncated = Arrays.copyOf(aggregate, 10);

        DeaggregationResult result = Deaggregator.deaggregate(raw(truncated), FULL_RANGE);

        assertThat(result.isCorrupt()).isTrue();
        assertThat(result.records()).singleElement()
                .satisfies(record -> assertThat(record.dataAsBytes()).isEqualTo(truncated));
    }

    @Test
    void rejectsAggregateReferringToAMissingPartitionKey() {
        // records { partition_key_index: 3, data: "x" } with an empty key table
        byte[] body = {0x1A, 0x05, 0x08, 0x03, 0x1A, 0x01, 'x'};

        DeaggregationResult result = Deaggregator.deaggregate(raw(KplAggregator.frame(body)), FULL_RANGE);

        assertThat(result.isCorrupt()).isTrue();
        assertThat(result.corruption()).contains("key table index");
    }

    @Test
    void skipsUnknownFieldsAndTags() {
        // partition_key_table "k"; unknown field 9 (varint 7); records { pk index 0, data "d", tags {key "t"} }
        byte[] body = {0x0A, 0x01, 'k', 0x48, 0x07, 0x1A, 0x0A, 0x08, 0x00, 0x1A, 0x01, 'd', 0x22, 0x03, 0x0A, 0x01,
            't'};

        DeaggregationResult result = Deaggregator.deaggregate(raw(KplAggregator.frame(body)), FULL_RANGE);

        assertThat(result.isCorrupt()).isFalse();
        assertThat(result.records()).singleElement().satisfies(record -> {
            assertThat(record.partitionKey()).isEqualTo("k");
            assertThat(text(record)).isEqualTo("d");
        });
    }

    @Test
    void dropsUserRecordsWhoseHashKeyIsOutsideTheShardKeepingSubSequenceNumbers() {
        BigInteger middle = BigInteger.TWO.pow(127);
        HashKeyRange lowerHalf = new HashKeyRange(BigInteger.ZERO, middle.subtract(BigInteger.ONE));
        String low = "5";
        String high = middle.add(BigInteger.TEN).toString();
        byte[] aggregate = new KplAggregator()
                .add("k0", low, "in-0")
                .add("k1", high, "out-1")
                .add("k2", low, "in-2")
                .add("k3", high, "out-3")
                .toBytes();

        DeaggregationResult result = Deaggregator.deaggregate(raw(aggregate), lowerHalf);

        assertThat(result.records()).extracting(DeaggregatorTest::text).containsExactly("in-0", "in-2");
        assertThat(result.records()).extracting(KinesisClientRecord::subSequenceNumber).containsExactly(0L, 2L);
        assertThat(result.droppedOutOfRange()).isEqualTo(2);
    }

    @Test
    void deliversUserRecordsOutsideTheShardFlaggedWhenNotAskedToDrop() {
        BigInteger middle = BigInteger.TWO.pow(127);
        HashKeyRange lowerHalf = new HashKeyRange(BigInteger.ZERO, middle.subtract(BigInteger.ONE));
        String high = middle.add(BigInteger.TEN).toString();
        byte[] aggregate = new KplAggregator().add("k0", "5", "in-0").add("k1", high, "out-1").toBytes();

        DeaggregationResult result = Deaggregator.deaggregate(raw(aggregate), lowerHalf, false);

        assertThat(result.records()).extracting(DeaggregatorTest::text).containsExactly("in-0", "out-1");
        assertThat(result.records()).extracting(KinesisClientRecord::outsideShardHashRange)
                .containsExactly(false, true);
        assertThat(result.deliveredOutOfRange()).isEqualTo(1);
        assertThat(result.droppedOutOfRange()).isZero();
    }

    @Test
    void usesMd5OfThePartitionKeyWhenThereIsNoExplicitHashKey() {
        String partitionKey = "customer-42";
        BigInteger hash = Deaggregator.hashKeyOf(partitionKey);
        byte[] aggregate = new KplAggregator().add(partitionKey, "x").toBytes();

        assertThat(Deaggregator.deaggregate(raw(aggregate), new HashKeyRange(hash, hash)).records()).hasSize(1);
        assertThat(Deaggregator.deaggregate(raw(aggregate),
                new HashKeyRange(hash.add(BigInteger.ONE), MAX_HASH_KEY)).records()).isEmpty();
        assertThat(hash.signum()).isGreaterThanOrEqualTo(0);
        assertThat(hash.bitLength()).isLessThanOrEqualTo(128);
    }

    @Test
    void placesPartitionKeysAndExplicitHashKeysOfTheSameTableIndexEachByItsOwnHash() {
        String partitionKey = "customer-42";
        BigInteger hash = Deaggregator.hashKeyOf(partitionKey);
        HashKeyRange onlyTheKeysHash = new HashKeyRange(hash, hash);
        String elsewhere = hash.add(BigInteger.ONE).toString();
        // Partition key table: [customer-42]; explicit hash key table: [elsewhere]: both index 0.
        byte[] aggregate = new KplAggregator().add(partitionKey, "by-key").add(partitionKey, elsewhere, "by-explicit")
                .add(partitionKey, "by-key-again").add(partitionKey, elsewhere, "by-explicit-again").toBytes();

        DeaggregationResult result = Deaggregator.deaggregate(raw(aggregate), onlyTheKeysHash, false);

        assertThat(result.records()).extracting(KinesisClientRecord::outsideShardHashRange)
                .containsExactly(false, true, false, true);
        assertThat(result.deliveredOutOfRange()).isEqualTo(2);
    }

    @Test
    void keepsEveryUserRecordWithoutAShardRange() {
        byte[] aggregate = new KplAggregator().add("a", "1", "x").add("b", "y").toBytes();

        assertThat(Deaggregator.deaggregate(raw(aggregate), null).records()).hasSize(2);
    }

    @Test
    void userRecordDataIsAReadOnlyViewThatReadersCannotDisturb() {
        byte[] aggregate = new KplAggregator().add("a", "payload").toBytes();
        KinesisClientRecord record = Deaggregator.deaggregate(raw(aggregate), FULL_RANGE).records().get(0);

        ByteBuffer first = record.data();
        first.get();
        assertThat(first.isReadOnly()).isTrue();
        assertThat(record.data().position()).isZero();
        assertThat(text(record)).isEqualTo("payload");
    }

    @Test
    void decodesMultiBytePartitionKeysFromWritableAndReadOnlyAggregates() {
        String key = "ключ-é-\u20ac";
        byte[] aggregate = new KplAggregator().add(key, "x").add("plain", "y").toBytes();
        KinesisClientRecord readOnly = KinesisClientRecord.plain("outer-key", "1", Instant.EPOCH,
                ByteBuffer.wrap(aggregate).asReadOnlyBuffer());

        for (KinesisClientRecord record : List.of(raw(aggregate), readOnly)) {
            DeaggregationResult result = Deaggregator.deaggregate(record, FULL_RANGE);
            assertThat(result.records()).extracting(KinesisClientRecord::partitionKey).containsExactly(key, "plain");
            BigInteger hash = Deaggregator.hashKeyOf(key);
            assertThat(Deaggregator.deaggregate(record, new HashKeyRange(hash, hash)).records())
                    .extracting(KinesisClientRecord::partitionKey).containsExactly(key);
        }
    }

    @Test
    void hashKeyOfGivesTheSameHashOnEveryCallAndThread() throws Exception {
        BigInteger first = Deaggregator.hashKeyOf("customer-42");
        byte[] aggregate = new KplAggregator().add("a", "one").toBytes();
        Deaggregator.deaggregate(raw(aggregate), FULL_RANGE); // the thread's digest verified an aggregate meanwhile

        assertThat(Deaggregator.hashKeyOf("customer-42")).isEqualTo(first);
        FutureTask<BigInteger> other =
                new FutureTask<>(() -> Deaggregator.hashKeyOf("customer-42"));
        new Thread(other).start();
        assertThat(other.get()).isEqualTo(first);
        assertThat(first).isEqualTo(new BigInteger(1, MessageDigest.getInstance("MD5")
                .digest("customer-42".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void hasMagicLooksOnlyAtTheFirstFourBytes() {
        assertThat(Deaggregator.hasMagic(ByteBuffer.wrap(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A,
            (byte) 0xC2}))).isTrue();
        assertThat(Deaggregator.hasMagic(ByteBuffer.wrap(new byte[] {(byte) 0xF3, (byte) 0x89}))).isFalse();
        assertThat(Deaggregator.hasMagic(ByteBuffer.wrap(new byte[0]))).isFalse();
    }

    static KinesisClientRecord raw(byte[] data) {
        return KinesisClientRecord.plain("outer-key", SEQUENCE, ARRIVAL, ByteBuffer.wrap(data));
    }

    static List<String> texts(List<KinesisClientRecord> records) {
        return records.stream().map(DeaggregatorTest::text).toList();
    }

    static String text(KinesisClientRecord record) {
        return new String(record.dataAsBytes(), StandardCharsets.UTF_8);
    }
}
