package io.shardline.kcl.internal.scheduler;

import io.micrometer.core.instrument.Tags;
import io.shardline.checkpoint.CheckpointerFactory;
import io.shardline.checkpoint.Checkpointers;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.SchedulerMetrics;
import io.shardline.kcl.internal.aws.ListShardsRetry;
import io.shardline.kcl.internal.aws.SdkKinesisProxy;
import io.shardline.kcl.internal.aws.StreamRef;
import io.shardline.kcl.internal.consumer.ConsumerContext;
import io.shardline.kcl.internal.consumer.ConsumerMetrics;
import io.shardline.kcl.internal.consumer.ConsumerState;
import io.shardline.kcl.internal.consumer.EmptyBatchProcessors;
import io.shardline.kcl.internal.consumer.LeaseCallbacks;
import io.shardline.kcl.internal.consumer.Lineage;
import io.shardline.kcl.internal.consumer.ShardConsumer;
import io.shardline.kcl.internal.deadletter.OutsideRangeDeadLetters;
import io.shardline.kcl.internal.retrieval.DefaultRecordFetcherFactory;
import io.shardline.kcl.retrieval.RecordFetcherFactory;
import io.shardline.kcl.retrieval.RetrievalException;
import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaseCoordinator;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseCoordinatorMetrics;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseEligibility;
import io.shardline.lease.WriteResult;
import io.shardline.kcl.StreamConfig;
import io.shardline.kcl.StreamIdentifier;
import io.shardline.kcl.internal.multistream.RowFormLeaseStore;
import io.shardline.kcl.internal.multistream.StreamFetchers;
import io.shardline.kcl.internal.multistream.TrackedStreams;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.StoreResilienceConfig;
import io.shardline.lease.Time;
import java.time.Duration;
import io.shardline.kcl.WorkerEvent;
import io.shardline.lease.LeaseEvent;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Scheduler}: a small composition root. It wires the stores, the lease coordinator (with the lineage
 * eligibility), the checkpointer and fetcher factories and the {@link ConsumerRegistry}, runs the shard sync, and owns
 * the threads: the processing pool ({@code shardline-process-N}, bounded, shared by all shards), one timer
 * ({@code shardline-consumer-timer-N}: only posts retries and re-checks) and one shard-sync thread
 * ({@code shardline-shard-sync-N}: blocking ListShards and lease writes; the leader's {@link LeaseMaintenance}).
 * Everything else lives in the components.
 */
public final class DefaultScheduler implements Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultScheduler.class);
    /** How long {@link #close()} lets processors finish their last callback before the pool is stopped. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    /** How long a stopping scheduler waits for each of its executors to end after stopping it. */
    private static final Duration THREAD_STOP_GRACE = Duration.ofSeconds(10);

    private final ConsumerConfig config;
    /** Monotonic for the coordinator's and the consumers' deadlines; wall clock for dates only. */
    private final Time time;
    /** Clocks and threads: {@link WorkerRuntime#system()} in production, virtual ones in the simulator. */
    private final WorkerRuntime runtime;
    private final SchedulerComponents components;
    private final String workerId;
    private final ExecutorService processingPool;
    private final ScheduledExecutorService timer;
    private final ScheduledExecutorService syncThread;
    private final ConsumerMetrics metrics;
    private final ConsumerRegistry registry;
    private final LeaseCoordinator coordinator;
    /** The lease table as everything above the stores sees it (multi-stream: key space, {@link RowFormLeaseStore}). */
    private final LeaseStore leaseStore;
    private final ShardMaintenance maintenance;
    /** Multi-stream only (else null): the tracked streams and their upkeep. */
    private final TrackedStreams tracked;
    private final MultiStreamMaintenance multiStream;
    private final RecordFetcherFactory streamFetchers;
    private final StatusPublisher statusPublisher;
    private final CompletableFuture<Void> shutdownFuture = new CompletableFuture<>();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean initialSyncDone;
    private final WorkerEvents events;
    private volatile State phase = State.NEW; // written under this

    /** The production wiring: resilient DynamoDB stores and fetchers over the config's clients. */
    public static DefaultScheduler create(ConsumerConfig config) {
        Objects.requireNonNull(config, "config");
        // every store call's budget (all attempts) fits the coordinator's timings: see docs/architecture.md
        StoreResilienceConfig resilience = config.storeResilienceConfig().fitTo(config.leaseCoordinatorConfig());
        LeaseStore leases = LeaseStore.resilient(
                LeaseStore.dynamoDb(config.dynamoDbClient(), config.leaseTableConfig()), resilience);
        CoordinationStore coordination = CoordinationStore.resilient(
                CoordinationStore.dynamoDb(config.dynamoDbClient(), config.leaseTableConfig()), resilience);
        RecordFetcherFactory fetchers = DefaultRecordFetcherFactory.create(config.kinesisClient(),
                config.retrievalConfig(), config.applicationName(), config.meterRegistry(),
                OutsideRangeDeadLetters.of(config));
        String checked = config.isMultiStream() ? firstFixedStream(config) : config.stream();
        StartupCheck check = checked == null ? StartupCheck.NONE : new AwsStartupCheck(config.kinesisClient(),
                config.dynamoDbClient(), checked, config.leaseTableConfig().tableName());
        return new DefaultScheduler(config, new SchedulerComponents(leases, coordination, fetchers,
                ListShardsRetry.around(new SdkKinesisProxy(config.kinesisClient(), config.retrievalConfig()),
                        config.retrievalConfig()),
                check));
    }

    /** The stream a multi-stream application's start-up check describes: the first of a fixed list, else none. */
    private static String firstFixedStream(ConsumerConfig config) {
        return config.streamTracker().isFixed()
                ? config.streamTracker().streams().iterator().next().stream() : null;
    }

    public DefaultScheduler(ConsumerConfig config, SchedulerComponents components) {
        this(config, components,
                ConsumerContext.Timings.of(config.parentShardPollInterval(), config.failurePolicy()));
    }

    /** With explicit consumer timings (tests use short backoffs). */
    public DefaultScheduler(ConsumerConfig config, SchedulerComponents components, ConsumerContext.Timings timings) {
        this(config, components, timings, WorkerRuntime.system());
    }

    /** With explicit clocks and executors (internal: the whole-worker simulator's seam, see {@link WorkerRuntime}). */
    public DefaultScheduler(ConsumerConfig config, SchedulerComponents components, ConsumerContext.Timings timings,
            WorkerRuntime runtime) {
        this.config = Objects.requireNonNull(config, "config");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.time = runtime.time();
        this.components = Objects.requireNonNull(components, "components");
        String worker = config.leaseCoordinatorConfig().workerId();
        // multi-stream: rows in KCL's multi-stream form below, lineage as full lease keys above (RowFormLeaseStore)
        this.tracked = config.isMultiStream() ? new TrackedStreams(config.streamTracker(),
                new KinesisStreamResolver(components.kinesis()), config.initialPosition(), worker) : null;
        LeaseStore leaseStore = tracked != null ? new RowFormLeaseStore(components.leaseStore())
                : components.leaseStore();
        LeaseEligibility eligibility = config.leaseCoordinatorConfig().leaseEligibility();
        if (tracked != null) {
            LeaseEligibility also = eligibility;
            eligibility = (lease, all) -> tracked.isTracked(lease.leaseKey()) && also.isEligible(lease, all);
        }
        LeaseCoordinatorConfig coordinatorConfig = config.leaseCoordinatorConfig().toBuilder()
                .leaseEligibility(Lineage.eligibility(eligibility))
                .build();
        this.workerId = coordinatorConfig.workerId();
        this.leaseStore = leaseStore;
        this.events = new WorkerEvents(config.workerStateListener());
        this.streamFetchers = new StreamFetchers(components.fetchers());
        int threads = config.processingThreads();
        this.processingPool = runtime.processingPool(threads);
        this.timer = runtime.singleThread("shardline-consumer-timer");
        this.syncThread = runtime.singleThread("shardline-shard-sync");
        this.metrics = ConsumerMetrics.boundTo(config.meterRegistry(), config.applicationName(), workerId);
        CheckpointerFactory checkpointers = Checkpointers.fenced(leaseStore,
                config.checkpointerConfig(), config.meterRegistry());
        LeaseCallbacks callbacks = new CoordinatorCallbacks();
        ConsumerContext context = new ConsumerContext(workerId,
                config.isMultiStream() ? "multi-stream" : config.stream(), config.initialPosition(),
                EmptyBatchProcessors.of(config.processorFactory(), config.callProcessRecordsEvenForEmptyRecordList()),
                components.fetchers(), checkpointers, leaseStore,
                processingPool, timer, metrics, callbacks, timings, config.applicationName(), config.failurePolicy(),
                time);
        this.registry = new ConsumerRegistry(lease -> new ShardConsumer(contextOf(context, lease), lease), callbacks);
        this.coordinator = runtime.coordinator(coordinatorConfig, leaseStore,
                components.coordinationStore(), this::onLeaseEvent);
        if (tracked != null) {
            this.multiStream = new MultiStreamMaintenance(tracked, components.kinesis(), leaseStore,
                    coordinator::createLeases, workerId, registry::consumers, time);
            this.maintenance = multiStream;
        } else {
            this.multiStream = null;
            ShardSyncer shardSyncer = new ShardSyncer(components.kinesis(), StreamRef.of(config.stream()),
                    leaseStore, config.initialPosition(), workerId, coordinator::createLeases);
            this.maintenance = ShardMaintenance.single(shardSyncer,
                    new LeaseMaintenance(shardSyncer, leaseStore, workerId));
        }
        this.statusPublisher = new StatusPublisher(workerId, components.coordinationStore(), this::statusSamples,
                config.statusInterval(), time.wallClockSource(), time::nanoTime);
    }

    /** A multi-stream lease's consumers get their stream's name, initial position and keyed fetchers. */
    private ConsumerContext contextOf(ConsumerContext base, Lease lease) {
        Optional<StreamIdentifier> stream = StreamIdentifier.ofLeaseKey(lease.leaseKey());
        if (tracked == null || stream.isEmpty()) {
            return base;
        }
        StreamIdentifier id = stream.get();
        String name = tracked.config(id).map(StreamConfig::stream).filter(s -> s.startsWith("arn:"))
                .orElse(id.streamName());
        return base.forStream(name, tracked.initialPosition(id), streamFetchers);
    }

    private java.util.List<StatusPublisher.Sample> statusSamples() {
        return registry.consumers().values().stream().map(c -> {
            ConsumerMetrics.ShardTotals totals = metrics.processedTotals(c.leaseKey());
            return new StatusPublisher.Sample(c.leaseKey(), c.state().name(), totals.records(), totals.bytes(),
                    c.millisBehindLatest(), c.lastCheckpoint().map(Object::toString).orElse(null));
        }).sorted(java.util.Comparator.comparing(StatusPublisher.Sample::leaseKey)).toList();
    }

    @Override
    public synchronized void start() {
        if (phase == State.RUNNING) {
            return;
        }
        if (phase != State.NEW) {
            throw new IllegalStateException("the scheduler " + workerId + " of " + config.applicationName()
                    + " was stopped; create a new one");
        }
        phase = State.RUNNING;
        try {
            components.startupCheck().verify(config.startupTimeout()); // before anything is created
            components.leaseStore().initialize();
            components.coordinationStore().initialize();
            // The coordinator heartbeats while the first sync creates the leases, so once it has settled (one
            // heartbeat interval, as the leader's cold start) the rest are created owned by this worker within its
            // share (LeaseCoordinator.createLeases).
            coordinator.start();
            syncShards(true);
        } catch (RuntimeException e) {
            LOG.error("{}: starting the scheduler of {} failed: {}", workerId, config.applicationName(),
                    e.getMessage());
            stop(e);
            throw e;
        }
        LeaseCoordinatorMetrics.of(coordinator, Tags.of(SchedulerMetrics.APPLICATION_TAG, config.applicationName()))
                .bindTo(config.meterRegistry());
        long interval = config.shardSyncInterval().toMillis();
        syncThread.scheduleWithFixedDelay(this::periodicShardSync, interval, interval, TimeUnit.MILLISECONDS);
        long check = config.leaseCoordinatorConfig().leaseScanInterval().toMillis();
        syncThread.scheduleWithFixedDelay(this::coverageCheck, check, check, TimeUnit.MILLISECONDS);
        if (multiStream != null) {
            long poll = config.streamTracker().pollInterval().toMillis();
            syncThread.scheduleWithFixedDelay(this::pollTracker, poll, poll, TimeUnit.MILLISECONDS);
        }
        if (!config.statusInterval().isZero()) {
            long status = config.statusInterval().toMillis();
            syncThread.scheduleWithFixedDelay(statusPublisher::publish, 0, status, TimeUnit.MILLISECONDS);
        }
        LOG.info("{}: scheduler of {} started on {} ({} processing threads, initial position {})", workerId,
                config.applicationName(), tracked != null ? "streams " + tracked.streams() : "stream "
                        + config.stream(), config.processingThreads(), config.initialPosition());
        events.publish(new WorkerEvent.Started(workerId));
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        synchronized (this) {
            if (phase == State.NEW) {
                phase = State.STOPPED;
                releaseResources();
                shutdownFuture.complete(null);
                events.publish(new WorkerEvent.Stopped(workerId, Optional.empty()));
            }
            if (phase != State.RUNNING) {
                return shutdownFuture;
            }
            phase = State.SHUTTING_DOWN;
        }
        LOG.info("{}: shutting down gracefully: handing off {} leases", workerId, coordinator.ownedLeases().size());
        syncThread.shutdownNow();
        if (!runtime.threaded()) {
            coordinator.shutdown().whenComplete((ignored, error) -> afterCoordinatorStoppedWithoutWaiting(error));
            return shutdownFuture;
        }
        coordinator.shutdown().whenComplete((ignored, error) -> {
            // The waits below must not run on a thread being stopped (the coordinator's or an SDK thread).
            Thread stopper = new Thread(() -> afterCoordinatorStopped(error), "shardline-stop-" + workerId);
            stopper.setDaemon(true);
            stopper.start();
        });
        return shutdownFuture;
    }

    /** On the {@code shardline-stop} thread: waits for the consumers and every executor, then completes. */
    private void afterCoordinatorStopped(Throwable error) {
        registry.stopAll(); // normally none is left; a consumer whose handoff was forced stops without checkpoint
        if (!await(registry.allTerminated(), config.leaseCoordinatorConfig().handoffTimeout())) {
            LOG.warn("{}: processors still running after the handoffs; stopping the pool anyway", workerId);
        }
        releaseResources();
        removeStatus();
        awaitThreads();
        synchronized (this) {
            if (phase == State.STOPPED) {
                return; // close() came first and completed everything
            }
            phase = State.STOPPED;
        }
        if (error != null) {
            shutdownFuture.completeExceptionally(error);
            events.publish(new WorkerEvent.Stopped(workerId, Optional.of(error)));
        } else {
            LOG.info("{}: scheduler of {} shut down", workerId, config.applicationName());
            events.publish(new WorkerEvent.Stopped(workerId, Optional.empty()));
            shutdownFuture.complete(null);
        }
    }

    /**
     * {@link #afterCoordinatorStopped} for a {@linkplain WorkerRuntime#threaded() virtual runtime}: nothing may block
     * the one thread, so it continues when the consumers have terminated (or after the handoff timeout, on the
     * runtime's timer).
     */
    private void afterCoordinatorStoppedWithoutWaiting(Throwable error) {
        registry.stopAll();
        CompletableFuture<Void> terminated = registry.allTerminated();
        AtomicBoolean finished = new AtomicBoolean();
        Runnable finish = () -> {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            releaseResources();
            removeStatus();
            synchronized (this) {
                if (phase == State.STOPPED) {
                    return;
                }
                phase = State.STOPPED;
            }
            if (error != null) {
                shutdownFuture.completeExceptionally(error);
            } else {
                shutdownFuture.complete(null);
            }
            events.publish(new WorkerEvent.Stopped(workerId, Optional.ofNullable(error)));
        };
        if (!terminated.isDone()) {
            timer.schedule(() -> {
                LOG.warn("{}: processors still running after the handoffs; stopping the pool anyway", workerId);
                finish.run();
            }, config.leaseCoordinatorConfig().handoffTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        terminated.whenComplete((ignored, e) -> finish.run());
    }

    /**
     * Stops at once and returns once every thread of the scheduler ended (processors get 10 s
     * to finish their current callback). Called on a thread of the scheduler itself (a processor), it cannot wait for
     * that thread and returns after starting the stop.
     */
    @Override
    public void close() {
        stop(new IllegalStateException("the scheduler " + workerId + " was closed before its graceful shutdown "
                + "completed"));
        LOG.info("{}: scheduler of {} closed (no handoff)", workerId, config.applicationName());
    }

    private void stop(RuntimeException cause) {
        synchronized (this) {
            if (phase == State.STOPPED) {
                return;
            }
            phase = State.STOPPED;
        }
        syncThread.shutdownNow();
        coordinator.close(); // returns once the coordinator thread ended (unless called on it)
        registry.stopAll();
        components.fetchers().close();
        boolean ownThread = Thread.currentThread().getName().startsWith("shardline-");
        if (!runtime.threaded()) {
            registry.allTerminated().whenComplete((ignored, e) -> releaseResources());
        } else if (ownThread) {
            registry.allTerminated().orTimeout(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((ignored, timeout) -> releaseResources());
        } else {
            if (!await(registry.allTerminated(), CLOSE_GRACE)) {
                LOG.warn("{}: processors still running {} after close; stopping the pool anyway", workerId,
                        CLOSE_GRACE);
            }
            releaseResources();
            awaitThreads();
        }
        shutdownFuture.completeExceptionally(cause);
        events.publish(new WorkerEvent.Stopped(workerId, Optional.of(cause)));
    }

    @Override
    public State state() {
        return phase;
    }

    private void onLeaseEvent(LeaseEvent event) {
        registry.onEvent(event);
        if (event instanceof LeaseEvent.Acquired acquired) {
            events.publish(new WorkerEvent.LeaseAcquired(workerId, acquired.lease().leaseKey()));
        } else if (event instanceof LeaseEvent.Lost lost) {
            events.publish(new WorkerEvent.LeaseLost(workerId, lost.leaseKey(), lost.reason().name()));
        }
    }

    private static boolean await(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    private void awaitThreads() {
        if (!runtime.threaded()) {
            return;
        }
        for (ExecutorService executor : List.of(processingPool, timer, syncThread)) {
            try {
                if (!executor.awaitTermination(THREAD_STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("{}: a thread of the scheduler still runs {} after stopping", workerId,
                            THREAD_STOP_GRACE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String workerId() {
        return workerId;
    }

    @Override
    public Set<String> ownedLeaseKeys() {
        return coordinator.ownedLeases().stream().map(LeaseToken::leaseKey).collect(Collectors.toUnmodifiableSet());
    }

    /** The state of each live shard consumer (snapshot), for tests and diagnostics. */
    public Map<String, ConsumerState> consumerStates() {
        return registry.consumers().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().state()));
    }

    /** Every worker until its first sync succeeded; then the leader only, with the lease cleanup. */
    private void periodicShardSync() {
        try {
            if (!initialSyncDone) {
                syncShards(false);
            } else if (coordinator.isLeader()) {
                maintenance.syncAndCleanUp();
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: shard sync of {} failed: {}; next try in {}", workerId, config.stream(), e.toString(),
                    config.shardSyncInterval());
        }
    }

    private void pollTracker() {
        try {
            multiStream.pollTracker();
        } catch (RuntimeException e) {
            LOG.warn("{}: polling the stream tracker failed: {}", workerId, e.toString());
        }
    }

    private void coverageCheck() {
        if (initialSyncDone && coordinator.isLeader()) {
            try {
                maintenance.checkCoverage();
            } catch (RuntimeException e) {
                LOG.warn("{}: hash-key coverage check of {} failed: {}", workerId, config.stream(), e.toString());
            }
        }
    }

    /** One shard sync; at start, only a fatal error (missing stream or table, access denied) is thrown. */
    private void syncShards(boolean atStart) {
        try {
            maintenance.initialSync();
            initialSyncDone = true;
        } catch (RetrievalException | LeaseStoreException e) {
            boolean retryable = e instanceof RetrievalException r ? r.isRetryable()
                    : ((LeaseStoreException) e).isRetryable();
            if (!atStart || !retryable) {
                throw e;
            }
            LOG.warn("{}: shard sync of {} failed: {}; retrying in {}", workerId, config.stream(), e.toString(),
                    config.shardSyncInterval());
        }
    }

    /** A worker that left gracefully takes its status item with it (best effort; a leftover one is harmless). */
    private void removeStatus() {
        if (config.statusInterval().isZero()) {
            return;
        }
        try {
            components.coordinationStore().removeStatus(workerId);
        } catch (RuntimeException e) {
            LOG.warn("{}: removing the status item failed: {}", workerId, e.toString());
        }
    }

    private void releaseResources() {
        if (released.compareAndSet(false, true)) {
            components.fetchers().close();
            processingPool.shutdown();
            timer.shutdownNow();
            syncThread.shutdownNow();
            metrics.close();
        }
    }

    /** The consumers' way back to the coordinator (which is created after them). */
    private final class CoordinatorCallbacks implements LeaseCallbacks {
        @Override
        public void handoffCompleted(String leaseKey) {
            if (tracked != null && StreamIdentifier.ofLeaseKey(leaseKey).isPresent() && !tracked.isTracked(leaseKey)) {
                releaseFormerStreamLease(leaseKey);
                return;
            }
            coordinator.completeHandoff(leaseKey);
        }

        /** A lease of a stream no longer tracked, after its processor checkpointed: released (no owner). */
        private void releaseFormerStreamLease(String leaseKey) {
            Optional<LeaseToken> token = coordinator.currentToken(leaseKey);
            if (token.isEmpty()) {
                return;
            }
            try {
                WriteResult result = leaseStore.transfer(token.get(), null);
                LOG.info("{}: released lease {} of a stream no longer tracked ({})", workerId, leaseKey,
                        result instanceof WriteResult.Ok ? "done" : "it had moved");
            } catch (RuntimeException e) {
                LOG.warn("{}: releasing lease {} of a stream no longer tracked failed: {}", workerId, leaseKey,
                        e.toString());
            }
        }

        @Override
        public void fenced(String leaseKey) {
            coordinator.reportFenced(leaseKey);
            events.publish(new WorkerEvent.Fenced(workerId, leaseKey));
        }

        @Override
        public boolean isPastFenceDeadline() {
            return coordinator.isPastFenceDeadline(time.nanoTime());
        }

        @Override
        public void shardFinished(String leaseKey, Collection<String> childLeaseKeys) {
            events.publish(new WorkerEvent.ShardEnded(workerId, leaseKey));
            if (!childLeaseKeys.isEmpty()) {
                coordinator.requestAssignment(childLeaseKeys);
            }
        }
    }
}
