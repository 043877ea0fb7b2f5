package io.shardline.testing.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

class InMemoryKinesisClientTest {

    private final InMemoryKinesisClient kinesis = new InMemoryKinesisClient().createStream("s", 4);

    private String iterator(String shardId, ShardIteratorType type, String sequence) {
        return kinesis.getShardIterator(b -> b.streamName("s").shardId(shardId).shardIteratorType(type)
                .startingSequenceNumber(sequence)).join().shardIterator();
    }

    private GetRecordsResponse read(String iterator, int limit) {
        return kinesis.getRecords(b -> b.shardIterator(iterator).limit(limit)).join();
    }

    @Test
    void shardsCoverTheWholeHashSpaceWithoutGaps() {
        List<Shard> shards = kinesis.listShards(b -> b.streamName("s")).join().shards();

        assertThat(shards).hasSize(4);
        assertThat(new BigInteger(shards.get(0).hashKeyRange().startingHashKey())).isZero();
        for (int i = 1; i < shards.size(); i++) {
            assertThat(new BigInteger(shards.get(i).hashKeyRange().startingHashKey()))
                    .isEqualTo(new BigInteger(shards.get(i - 1).hashKeyRange().endingHashKey()).add(BigInteger.ONE));
        }
        assertThat(new BigInteger(shards.get(3).hashKeyRange().endingHashKey()))
                .isEqualTo(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
    }

    @Test
    void putRecordsAreReadBackInOrderFromEachIteratorType() {
        String first = kinesis.put("s", "k", "a".getBytes(StandardCharsets.UTF_8));
        String second = kinesis.put("s", "k", "b".getBytes(StandardCharsets.UTF_8));
        String shardId = kinesis.listShards(b -> b.streamName("s")).join().shards().stream()
                .filter(sh -> !read(iterator(sh.shardId(), ShardIteratorType.TRIM_HORIZON, null), 10).records()
                        .isEmpty())
                .findFirst().orElseThrow().shardId();

        assertThat(read(iterator(shardId, ShardIteratorType.TRIM_HORIZON, null), 10).records())
                .extracting(Record::sequenceNumber).containsExactly(first, second);
        assertThat(read(iterator(shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, first), 10).records())
                .extracting(Record::sequenceNumber).containsExactly(second);
        assertThat(read(iterator(shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, first), 10).records())
                .extracting(Record::sequenceNumber).containsExactly(first, second);
        assertThat(read(iterator(shardId, ShardIteratorType.LATEST, null), 10).records()).isEmpty();
        assertThat(new BigInteger(second)).isGreaterThan(new BigInteger(first));
    }

    @Test
    void generatedShardIsPagedWithIncreasingSequenceNumbersAndReportsLag() {
        kinesis.generate("s", 1, 25, 8, 5);

        GetRecordsResponse page = read(iterator("shardId-000000000001", ShardIteratorType.TRIM_HORIZON, null), 10);
        GetRecordsResponse last = read(read(page.nextShardIterator(), 10).nextShardIterator(), 10);

        assertThat(page.records()).hasSize(10);
        assertThat(page.millisBehindLatest()).isPositive();
        assertThat(last.records()).hasSize(5);
        assertThat(last.millisBehindLatest()).isZero();
        assertThat(page.records().get(3).partitionKey()).isEqualTo("key-3");
        assertThat(page.records()).extracting(r -> new BigInteger(r.sequenceNumber())).isSorted();
        assertThat(page.records().get(0).sequenceNumber()).hasSize(56);
    }

    @Test
    void oneGetRecordsReturnsAtMostTenMebibytesLikeKinesisButAlwaysOneRecord() {
        byte[] megabyte = new byte[1024 * 1024];
        megabyte[0] = 7;
        kinesis.generate("s", 2, 25, megabyte, 3);
        kinesis.generate("s", 3, 2, new byte[11 * 1024 * 1024], 1);

        GetRecordsResponse page = read(iterator("shardId-000000000002", ShardIteratorType.TRIM_HORIZON, null), 100);
        GetRecordsResponse next = read(page.nextShardIterator(), 100);
        GetRecordsResponse huge = read(iterator("shardId-000000000003", ShardIteratorType.TRIM_HORIZON, null), 100);

        assertThat(page.records()).hasSize(10);
        assertThat(page.records().get(0).data().asByteArray()).isEqualTo(megabyte);
        assertThat(next.records()).hasSize(10);
        assertThat(next.records().get(0).sequenceNumber()).isGreaterThan(page.records().get(9).sequenceNumber());
        assertThat(huge.records()).hasSize(1);
    }
}
