package io.shardline.benchmarks.jmh;

import io.shardline.kcl.internal.kpl.DeaggregationResult;
import io.shardline.kcl.internal.kpl.Deaggregator;
import io.shardline.lease.HashKeyRange;
import io.shardline.kcl.kpl.KplAggregator;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * KPL de-aggregation of one aggregate of {@value #USER_RECORDS} user records (100-byte payloads, 50 distinct
 * partition keys, no explicit hash keys), built with testing's {@link KplAggregator}, checked against the whole hash
 * range: Shardline's {@link Deaggregator} next to KCL 3.5.1's {@link AggregatorUtil}. Both verify the MD5 trailer and
 * hash each partition key for the range check. Time per user record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DeaggregationBenchmark {

    static final int USER_RECORDS = 100;
    private static final String SEQ = "49680567932809889558429805355024295117526193790351573010";
    private static final BigInteger MAX_HASH_KEY = BigInteger.TWO.pow(128).subtract(BigInteger.ONE);

    private byte[] aggregate;
    private String partitionKey;
    private final HashKeyRange range = HashKeyRange.of("0", MAX_HASH_KEY.toString());
    private final AggregatorUtil kcl = new AggregatorUtil();

    @Setup
    public void setUp() {
        KplAggregator aggregator = new KplAggregator();
        for (int i = 0; i < USER_RECORDS; i++) {
            aggregator.add("key-" + (i % 50), null, new byte[100]);
        }
        aggregate = aggregator.toBytes();
        partitionKey = aggregator.partitionKey();
    }

    @Benchmark
    @OperationsPerInvocation(USER_RECORDS)
    public DeaggregationResult shardlineDeaggregate() {
        io.shardline.kcl.KinesisClientRecord kinesisRecord = io.shardline.kcl.KinesisClientRecord.plain(partitionKey,
                SEQ, Instant.EPOCH, ByteBuffer.wrap(aggregate));
        DeaggregationResult result = Deaggregator.deaggregate(kinesisRecord, range);
        if (result.records().size() != USER_RECORDS) {
            throw new IllegalStateException("expected " + USER_RECORDS + " user records, got " + result);
        }
        return result;
    }

    @Benchmark
    @OperationsPerInvocation(USER_RECORDS)
    public List<KinesisClientRecord> kclDeaggregate() {
        KinesisClientRecord record = KinesisClientRecord.builder().sequenceNumber(SEQ).partitionKey(partitionKey)
                .approximateArrivalTimestamp(Instant.EPOCH).data(ByteBuffer.wrap(aggregate)).build();
        List<KinesisClientRecord> records = kcl.deaggregate(List.of(record), BigInteger.ZERO, MAX_HASH_KEY);
        if (records.size() != USER_RECORDS) {
            throw new IllegalStateException("expected " + USER_RECORDS + " user records, got " + records.size());
        }
        return records;
    }
}
