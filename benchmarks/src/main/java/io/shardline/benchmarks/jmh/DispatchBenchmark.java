package io.shardline.benchmarks.jmh;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.CheckpointerConfig;
import io.shardline.checkpoint.Checkpointers;
import io.shardline.kcl.FailurePolicy;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.consumer.ConsumerContext;
import io.shardline.kcl.internal.consumer.ConsumerMetrics;
import io.shardline.kcl.internal.consumer.ConsumerState;
import io.shardline.kcl.internal.consumer.LeaseCallbacks;
import io.shardline.kcl.internal.consumer.ShardConsumer;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.kcl.retrieval.RecordFetcher;
import io.shardline.kcl.retrieval.RecordFetcherFactory;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.StreamShard;
import io.shardline.lease.Lease;
import io.shardline.lease.WriteResult;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Record dispatch: one fetched batch of {@value #BATCH} plain records through a real {@link ShardConsumer} (state
 * machine, failure-policy batch runner, fenced checkpointer bookkeeping, consumer metrics) to a processor that only
 * counts, in memory: the lease in an in-memory store, the batch handed in by a fetcher that holds it, and the
 * processing pool a direct executor, so the whole path runs on the benchmark thread. Time per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DispatchBenchmark {

    static final int BATCH = 500;
    private static final String SHARD = "shardId-000000000000";

    private final CountingProcessor processor = new CountingProcessor();
    private HeldFetcher fetcher;
    private RecordBatch batch;
    private ShardConsumer consumer;
    private ScheduledExecutorService timer;
    private long invocations;

    @Setup(Level.Trial)
    public void setUp() {
        InMemoryLeaseStore store = InMemoryLeaseStore.create();
        store.createIfAbsent(Lease.unowned(SHARD));
        Lease lease = ((WriteResult.Ok) store.transfer(store.get(SHARD).orElseThrow().token(), "w1")).lease();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        timer = Executors.newSingleThreadScheduledExecutor();
        HeldFetcherFactory fetchers = new HeldFetcherFactory();
        ConsumerContext ctx = new ConsumerContext("w1", "stream", StartingPosition.trimHorizon(), shardId -> processor,
                fetchers, Checkpointers.fenced(store, CheckpointerConfig.defaults(), registry), store, Runnable::run,
                timer, ConsumerMetrics.boundTo(registry, "app", "w1"), new NoCallbacks(),
                ConsumerContext.Timings.defaults(Duration.ofSeconds(1)), "app", FailurePolicy.defaults());
        consumer = new ShardConsumer(ctx, lease);
        consumer.start();
        if (consumer.state() != ConsumerState.PROCESSING || fetchers.fetcher == null) {
            throw new IllegalStateException("the consumer did not reach PROCESSING inline: " + consumer);
        }
        fetcher = fetchers.fetcher;
        List<KinesisClientRecord> records = new ArrayList<>(BATCH);
        String base = "4968056793280988955842980535502429511752619379035157";
        for (int i = 0; i < BATCH; i++) {
            records.add(KinesisClientRecord.plain("key-" + (i % 50), base + String.format("%04d", i), Instant.EPOCH,
                    ByteBuffer.wrap(new byte[100])));
        }
        batch = RecordBatch.of(records, 0, records.get(BATCH - 1).sequenceNumber());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long shardlineDispatch() {
        invocations++;
        fetcher.hand(batch);
        return processor.records;
    }

    /** Fails the run when the records did not all reach the processor: the figure would not mean anything. */
    @TearDown(Level.Trial)
    public void check() {
        timer.shutdownNow();
        if (processor.records != invocations * BATCH) {
            throw new IllegalStateException("the processor saw " + processor.records + " records, expected "
                    + invocations * BATCH);
        }
    }

    /** Counts records; never checkpoints. */
    static final class CountingProcessor implements ShardRecordProcessor {
        long records;

        @Override
        public void initialize(InitializationInput input) {
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            records += input.records().size();
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
        }
    }

    /** A fetcher that holds one batch at a time, handed in by the benchmark, and signals the consumer. */
    static final class HeldFetcher implements RecordFetcher {
        private final StreamShard shard;
        private RecordBatch held;
        private Runnable signal;

        HeldFetcher(StreamShard shard) {
            this.shard = shard;
        }

        void hand(RecordBatch batch) {
            held = batch;
            signal.run();
            if (held != null) {
                throw new IllegalStateException("the consumer did not take the batch inline");
            }
        }

        @Override
        public StreamShard shard() {
            return shard;
        }

        @Override
        public void start(StartingPosition position, Runnable onDataAvailable) {
            signal = onDataAvailable;
        }

        @Override
        public RecordBatch poll() {
            RecordBatch next = held;
            held = null;
            return next;
        }

        @Override
        public void close() {
        }
    }

    static final class HeldFetcherFactory implements RecordFetcherFactory {
        HeldFetcher fetcher;

        @Override
        public RetrievalConfig config() {
            return RetrievalConfig.defaults();
        }

        @Override
        public RecordFetcher createFetcher(StreamShard shard) {
            fetcher = new HeldFetcher(shard);
            return fetcher;
        }

        @Override
        public void close() {
        }
    }

    static final class NoCallbacks implements LeaseCallbacks {
        @Override
        public void handoffCompleted(String leaseKey) {
        }

        @Override
        public void fenced(String leaseKey) {
        }

        @Override
        public void shardFinished(String leaseKey, Collection<String> childLeaseKeys) {
        }
    }
}
