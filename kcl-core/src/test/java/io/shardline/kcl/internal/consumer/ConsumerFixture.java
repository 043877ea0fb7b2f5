package io.shardline.kcl.internal.consumer;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.CheckpointerConfig;
import io.shardline.checkpoint.Checkpointers;
import io.shardline.kcl.FailurePolicy;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.StartingPosition;
import io.shardline.lease.Checkpoint;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.WriteResult;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.awaitility.core.ConditionFactory;

/**
 * Wiring of shard consumers under test: in-memory lease store, real fenced checkpointers, fake fetchers, a real
 * two-thread pool and timer, short backoffs. Processors are {@link RecordingProcessor}s unless a test sets another
 * factory.
 */
public final class ConsumerFixture implements AutoCloseable {

    public static final String WORKER = "w1";
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    public final InMemoryLeaseStore store = InMemoryLeaseStore.create();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final FakeFetcherFactory fetchers = new FakeFetcherFactory();
    public final RecordingCallbacks callbacks = new RecordingCallbacks(store);
    final ExecutorService pool = Executors.newFixedThreadPool(2);
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final ConsumerMetrics metrics = ConsumerMetrics.boundTo(registry, "app", WORKER);
    public final Map<String, RecordingProcessor> processors = new ConcurrentHashMap<>();
    volatile StartingPosition initialPosition = StartingPosition.trimHorizon();
    volatile FailurePolicy failurePolicy = FailurePolicy.defaults();
    volatile Function<String, ShardRecordProcessor> processorFactory = shardId -> {
        RecordingProcessor processor = new RecordingProcessor();
        processors.put(shardId, processor);
        return processor;
    };

    /** Awaitility with this suite's deadline, polling every 5 ms from the start. */
    public static ConditionFactory waiting() {
        return await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    public ConsumerContext context() {
        return new ConsumerContext(WORKER, "stream", initialPosition, shardId -> processorFactory.apply(shardId),
                fetchers, Checkpointers.fenced(store, CheckpointerConfig.defaults(), registry), store, pool, timer,
                metrics, callbacks,
                new ConsumerContext.Timings(Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofMillis(50)),
                "app", failurePolicy);
    }

    /** Creates {@code lease} in the store and moves it to {@link #WORKER}: the lease as acquired. */
    public Lease acquire(Lease lease) {
        store.createIfAbsent(lease);
        WriteResult result = store.transfer(store.get(lease.leaseKey()).orElseThrow().token(), WORKER);
        return ((WriteResult.Ok) result).lease();
    }

    public Lease acquire(String shardId) {
        return acquire(Lease.unowned(shardId));
    }

    ShardConsumer start(Lease lease) {
        ShardConsumer consumer = new ShardConsumer(context(), lease);
        consumer.start();
        return consumer;
    }

    public FakeFetcherFactory.FakeFetcher awaitFetcher(String shardId) {
        waiting().alias("a fetcher of " + shardId).until(() -> fetchers.fetcher(shardId) != null);
        return fetchers.fetcher(shardId);
    }

    public RecordingProcessor processor(String shardId) {
        waiting().alias("a processor of " + shardId).until(() -> processors.containsKey(shardId));
        return processors.get(shardId);
    }

    Checkpoint checkpointOf(String leaseKey) {
        return store.get(leaseKey).orElseThrow().checkpoint();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    /** Records what consumers tell the coordinator, with the lease's checkpoint at that moment. */
    public static final class RecordingCallbacks implements LeaseCallbacks {
        public final List<String> handoffs = new CopyOnWriteArrayList<>();
        public final List<String> fenced = new CopyOnWriteArrayList<>();
        /** Each finished shard with the children it reported, in order. */
        public final Map<String, List<String>> finished = new ConcurrentHashMap<>();
        final Map<String, Checkpoint> checkpointAtHandoff = new ConcurrentHashMap<>();
        /** The worker's monotonic clock (manual) and its self-fence deadline on it; never fenced by default. */
        public final java.util.concurrent.atomic.AtomicLong nanoTime = new java.util.concurrent.atomic.AtomicLong();
        public volatile long fenceDeadlineNanos = Long.MAX_VALUE;
        private final LeaseStore store;

        RecordingCallbacks(LeaseStore store) {
            this.store = store;
        }

        @Override
        public void handoffCompleted(String leaseKey) {
            store.get(leaseKey).map(Lease::checkpoint).ifPresent(cp -> checkpointAtHandoff.put(leaseKey, cp));
            handoffs.add(leaseKey);
        }

        @Override
        public boolean isPastFenceDeadline() {
            return nanoTime.get() - fenceDeadlineNanos >= 0;
        }

        @Override
        public void fenced(String leaseKey) {
            fenced.add(leaseKey);
        }

        @Override
        public void shardFinished(String leaseKey, Collection<String> childLeaseKeys) {
            finished.put(leaseKey, List.copyOf(childLeaseKeys));
        }
    }
}
