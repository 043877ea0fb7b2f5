package io.shardline.benchmarks.jmh;

import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.checkpoint.CheckpointTracker;
import io.shardline.checkpoint.CheckpointerConfig;
import io.shardline.checkpoint.Checkpointers;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.lease.Lease;
import io.shardline.lease.WriteResult;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Checkpoint bookkeeping: comparing and parsing 56-digit sequence numbers (Shardline's allocation-free
 * {@link ExtendedSequenceNumber} next to KCL 3.5.1's, which compares through {@code BigInteger}), the per-record
 * {@link CheckpointTracker} step, and a full fenced checkpoint (record delivered + {@code checkpoint()}) against the
 * in-memory lease store (the storage write itself is an in-memory map update here).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CheckpointBenchmark {

    static final String SEQ_A = "49680567932809889558429805355024295117526193790351573010";
    static final String SEQ_B = "49680567932809889558429805355024295117526193790351573011";

    private ExtendedSequenceNumber a;
    private ExtendedSequenceNumber b;
    private software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber kclA;
    private software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber kclB;
    private CheckpointTracker tracker;
    private ShardCheckpointer checkpointer;
    private long subSequence;

    @Setup
    public void setUp() {
        a = ExtendedSequenceNumber.of(SEQ_A, 3);
        b = ExtendedSequenceNumber.of(SEQ_B, 1);
        kclA = new software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber(SEQ_A, 3L);
        kclB = new software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber(SEQ_B, 1L);
        tracker = new CheckpointTracker(CheckpointStrategy.everyRecords(1_000_000), InstantSource.system());
        InMemoryLeaseStore store = InMemoryLeaseStore.create();
        store.createIfAbsent(Lease.unowned("shard-0"));
        Lease lease = ((WriteResult.Ok) store.transfer(store.get("shard-0").orElseThrow().token(), "w1")).lease();
        checkpointer = Checkpointers.fenced(store, CheckpointerConfig.defaults())
                .create(lease, ExtendedSequenceNumber.trimHorizon(), leaseKey -> { });
    }

    @Benchmark
    public int shardlineSeqCompare() {
        return a.compareTo(b);
    }

    @Benchmark
    public int kclSeqCompare() {
        return kclA.compareTo(kclB);
    }

    @Benchmark
    public ExtendedSequenceNumber shardlineSeqParse() {
        return ExtendedSequenceNumber.of(SEQ_A, 7);
    }

    @Benchmark
    public software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber kclSeqParse() {
        return new software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber(SEQ_A, 7L);
    }

    @Benchmark
    public boolean shardlineTrackerRecord() {
        return tracker.recordProcessed();
    }

    /** A new position each time (same sequence number, next sub-sequence number), so every call writes. */
    @Benchmark
    public CheckpointResult shardlineCheckpointInMemory() {
        checkpointer.recordDelivered(ExtendedSequenceNumber.of(SEQ_A, ++subSequence));
        CheckpointResult result = checkpointer.checkpoint();
        if (!(result instanceof CheckpointResult.Ok)) {
            throw new IllegalStateException("checkpoint failed: " + result);
        }
        return result;
    }
}
