package io.shardline.kcl.internal.advisor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.advisor.Advice;
import io.shardline.kcl.advisor.AdvisorConfig;
import io.shardline.kcl.advisor.ApplyResult;
import io.shardline.kcl.advisor.ReshardAction;
import io.shardline.kcl.advisor.ReshardAdvisor;
import io.shardline.kcl.advisor.ShardLoad;
import io.shardline.kcl.advisor.StreamLoad;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The advisor: collector + Kinesis view + classifier + meters + guarded applier. */
public final class DefaultReshardAdvisor implements ReshardAdvisor {

    private static final Logger log = LoggerFactory.getLogger(DefaultReshardAdvisor.class);

    private final String stream;
    private final StreamOps ops;
    private final MeterRegistry registry;
    private final AdvisorConfig config;
    private final LoadCollector collector;
    private final Classifier classifier;
    private final AdvisorMeters meters;
    private final Applier applier;
    private ScheduledExecutorService executor;
    private double throttlesSeen;

    public DefaultReshardAdvisor(String stream, StreamOps ops, MeterRegistry registry, AdvisorConfig config,
            LongSupplier nanoTime, Clock wallClock) {
        this.stream = stream;
        this.ops = ops;
        this.registry = registry;
        this.config = config;
        this.collector = new LoadCollector(config.window(), nanoTime, wallClock::millis);
        this.classifier = new Classifier(config);
        this.meters = new AdvisorMeters(registry, stream);
        this.applier = new Applier(config, ops, nanoTime, stream);
    }

    @Override
    public ShardRecordProcessorFactory observing(ShardRecordProcessorFactory delegate) {
        return new ObservingProcessors(delegate, collector);
    }

    @Override
    public void throttled(String shardId) {
        collector.throttled(shardId, 1);
    }

    @Override
    public synchronized StreamLoad snapshot() {
        pullStreamThrottles();
        StreamOps.StreamState state = ops.describe();
        List<ShardLoad> loads = state.openShards().stream()
                .map(s -> collector.observedShards().contains(s.shardId())
                        ? collector.load(s.shardId(), s.startingHashKey(), s.endingHashKey())
                        : ShardLoad.unobserved(s.shardId(), s.startingHashKey(), s.endingHashKey()))
                .toList();
        return new StreamLoad(stream, state.mode(), state.status(), loads, applier.updateShardCountCallsLast24h());
    }

    @Override
    public synchronized Advice evaluate() {
        Advice advice = classifier.classify(snapshot());
        meters.advised(advice);
        log.info("{}", advice);
        if (!advice.actions().isEmpty()) {
            meters.applied(applier.apply(advice.actions().get(0), config.autoApply()));
        }
        return advice;
    }

    @Override
    public synchronized ApplyResult apply(ReshardAction action) {
        ApplyResult result = applier.apply(action, true);
        meters.applied(result);
        return result;
    }

    /**
     * The scheduler's {@code shardline.fetch.throttles} counts the whole stream; what was added since the last look
     * is attributed to every shard this worker consumes (the polling application is what is throttled).
     */
    private void pullStreamThrottles() {
        Counter counter = registry.find("shardline.fetch.throttles").tag("stream", stream).counter();
        if (counter == null) {
            return;
        }
        double total = counter.count();
        long delta = (long) (total - throttlesSeen);
        throttlesSeen = total;
        if (delta > 0) {
            collector.observedShards().forEach(shard -> collector.throttled(shard, delta));
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            throw new IllegalStateException("reshard advisor of stream " + stream + " already started");
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shardline-advisor-" + stream);
            t.setDaemon(true);
            return t;
        });
        long period = config.evaluationInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                evaluate();
            } catch (RuntimeException e) {
                log.warn("Reshard advisor on stream {}: evaluation failed: {}", stream, e.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
        }
        if (running != null) {
            running.shutdownNow();
        }
    }
}
