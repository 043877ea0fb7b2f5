package io.shardline.kcl.internal.consumer;

import static io.shardline.kcl.SchedulerMetrics.APPLICATION_TAG;
import static io.shardline.kcl.SchedulerMetrics.BYTES_PROCESSED;
import static io.shardline.kcl.SchedulerMetrics.CALLBACK_TAG;
import static io.shardline.kcl.SchedulerMetrics.CONSUMERS;
import static io.shardline.kcl.SchedulerMetrics.DEAD_LETTERED;
import static io.shardline.kcl.SchedulerMetrics.DEAD_LETTER_FAILURES;
import static io.shardline.kcl.SchedulerMetrics.MILLIS_BEHIND_LATEST;
import static io.shardline.kcl.SchedulerMetrics.PROCESSOR_ERRORS;
import static io.shardline.kcl.SchedulerMetrics.REASON_TAG;
import static io.shardline.kcl.SchedulerMetrics.RECORDS_PROCESSED;
import static io.shardline.kcl.SchedulerMetrics.SHARDS_STOPPED;
import static io.shardline.kcl.SchedulerMetrics.SHARD_TAG;
import static io.shardline.kcl.SchedulerMetrics.STATE_TAG;
import static io.shardline.kcl.SchedulerMetrics.WORKER_TAG;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.shardline.kcl.deadletter.DeadLetterEntry;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumer meters of one scheduler (names in {@link io.shardline.kcl.SchedulerMetrics}), all tagged with the
 * application and the worker, so several schedulers can share a registry. A {@link MeterBinder}: the scheduler binds it
 * to {@code ConsumerConfig.meterRegistry()} once; per-shard and per-callback meters join that registry as they appear.
 * {@link #close()} removes every meter it registered, and the coordinator meters of its worker. Thread-safe once bound.
 */
public final class ConsumerMetrics implements MeterBinder, AutoCloseable {

    private final Tags tags;
    private volatile MeterRegistry registry;
    private Counter records;
    private Counter bytes;
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<DeadLetterEntry.Reason, Counter> deadLettered = new EnumMap<>(DeadLetterEntry.Reason.class);
    private Counter deadLetterFailures;
    private final AtomicInteger stoppedShards = new AtomicInteger();
    private final Map<ConsumerState, AtomicInteger> states = new EnumMap<>(ConsumerState.class);
    private final Map<String, ShardLag> lags = new ConcurrentHashMap<>();
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final Map<String, ShardTotals> activity = new ConcurrentHashMap<>();

    /** Unbound meters of {@code workerId} of {@code application}; see {@link #bindTo(MeterRegistry)}. */
    public ConsumerMetrics(String application, String workerId) {
        this.tags = Tags.of(APPLICATION_TAG, application, WORKER_TAG, workerId);
        for (ConsumerState state : ConsumerState.values()) {
            states.put(state, new AtomicInteger());
        }
    }

    /** New meters of {@code workerId} of {@code application}, bound to {@code registry}. */
    public static ConsumerMetrics boundTo(MeterRegistry registry, String application, String workerId) {
        ConsumerMetrics metrics = new ConsumerMetrics(application, workerId);
        metrics.bindTo(registry);
        return metrics;
    }

    /** Registers the meters in {@code registry}; once. */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (this.registry != null) {
            throw new IllegalStateException("the consumer meters of " + tags + " are already bound");
        }
        this.records = keep(Counter.builder(RECORDS_PROCESSED).tags(tags)
                .description("user records processed").register(registry));
        this.bytes = keep(Counter.builder(BYTES_PROCESSED).tags(tags).baseUnit("bytes")
                .description("payload bytes of the records processed").register(registry));
        for (DeadLetterEntry.Reason reason : DeadLetterEntry.Reason.values()) {
            deadLettered.put(reason, keep(Counter.builder(DEAD_LETTERED).tags(tags)
                    .tag(REASON_TAG, reason.name().toLowerCase(Locale.ROOT))
                    .description("records stored in the dead-letter sink").register(registry)));
        }
        this.deadLetterFailures = keep(Counter.builder(DEAD_LETTER_FAILURES).tags(tags)
                .description("dead-letter writes that failed").register(registry));
        keep(Gauge.builder(SHARDS_STOPPED, stoppedShards, AtomicInteger::get).tags(tags)
                .description("shards stopped by the failure policy and still held").register(registry));
        states.forEach((state, count) -> keep(Gauge.builder(CONSUMERS, count, AtomicInteger::get).tags(tags)
                .tag(STATE_TAG, state.name()).description("shard consumers in this state").register(registry)));
        this.registry = registry;
    }

    /** The tags every meter of this scheduler carries (application, worker). */
    public Tags tags() {
        return tags;
    }

    void processed(String shardId, int recordCount, long byteCount) {
        records.increment(recordCount);
        bytes.increment(byteCount);
        ShardTotals totals = activity.computeIfAbsent(shardId, id -> new ShardTotals());
        totals.records.addAndGet(recordCount);
        totals.bytes.addAndGet(byteCount);
    }

    /**
     * Records and payload bytes processed on {@code shardId} by this worker since it first held it. Kept after the
     * shard leaves (a few bytes per shard), so a rate over an interval stays right when the shard comes back.
     */
    public ShardTotals processedTotals(String shardId) {
        return activity.computeIfAbsent(shardId, id -> new ShardTotals());
    }

    /** Running totals of one shard; read from any thread. */
    public static final class ShardTotals {
        private final AtomicLong records = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();

        public long records() {
            return records.get();
        }

        public long bytes() {
            return bytes.get();
        }
    }

    void processorError(String callback) {
        errors.computeIfAbsent(callback, c -> keep(Counter.builder(PROCESSOR_ERRORS).tags(tags).tag(CALLBACK_TAG, c)
                .description("exceptions thrown by the application's processor").register(registry))).increment();
    }

    void deadLettered(DeadLetterEntry.Reason reason) {
        deadLettered.get(reason).increment();
    }

    void deadLetterFailed() {
        deadLetterFailures.increment();
    }

    /** A shard stopped ({@code +1}) or its stopped consumer ended ({@code -1}). */
    void shardStopped(int delta) {
        stoppedShards.addAndGet(delta);
    }

    void stateChanged(ConsumerState from, ConsumerState to) {
        if (from != null) {
            states.get(from).decrementAndGet();
        }
        states.get(to).incrementAndGet();
    }

    /** The millisBehindLatest gauge of {@code shardId}; release it with {@link ShardLag#release()}. */
    ShardLag shardLag(String shardId) {
        return lags.compute(shardId, (id, existing) -> {
            if (existing != null) {
                existing.users++;
                return existing;
            }
            ShardLag lag = new ShardLag(id);
            lag.gauge = Gauge.builder(MILLIS_BEHIND_LATEST, lag.value, AtomicLong::get).tags(tags).tag(SHARD_TAG, id)
                    .baseUnit("milliseconds").description("how far the last fetch was behind the tip of the shard")
                    .strongReference(true).register(registry);
            return lag;
        });
    }

    @Override
    public void close() {
        MeterRegistry registry = this.registry;
        if (registry == null) {
            return;
        }
        meters.forEach(registry::remove);
        meters.clear();
        // The coordinator's binder (shardline.coordinator.*, shardline.lease.*, shardline.leases.owned) has no unbind.
        registry.getMeters().stream().filter(m -> tags.stream().allMatch(t -> t.getValue().equals(
                m.getId().getTag(t.getKey())))).toList().forEach(registry::remove);
        lags.values().forEach(lag -> registry.remove(lag.gauge));
        lags.clear();
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    /** One shard's lag gauge, shared (counted) by the consumers of that shard alive at one time. */
    final class ShardLag {
        private final String shardId;
        private final AtomicLong value = new AtomicLong(-1);
        private Gauge gauge;
        private int users = 1;

        private ShardLag(String shardId) {
            this.shardId = shardId;
        }

        void set(long millisBehindLatest) {
            value.set(millisBehindLatest);
        }

        void release() {
            lags.computeIfPresent(shardId, (id, lag) -> {
                if (lag != this || --users > 0) {
                    return lag;
                }
                registry.remove(gauge);
                return null;
            });
        }
    }
}
