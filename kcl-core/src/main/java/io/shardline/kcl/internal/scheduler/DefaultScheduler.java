package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.WorkerEvent;
import io.shardline.kcl.internal.consumer.ConsumerContext;
import io.shardline.kcl.internal.consumer.ConsumerMetrics;
import io.shardline.kcl.internal.consumer.ConsumerState;
import io.shardline.kcl.internal.consumer.LeaseCallbacks;
import io.shardline.kcl.internal.consumer.Lineage;
import io.shardline.kcl.internal.multistream.RowFormLeaseStore;
import io.shardline.kcl.internal.multistream.TrackedStreams;
import io.shardline.lease.LeaseCoordinator;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseEligibility;
import io.shardline.lease.LeaseEvent;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.Time;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Scheduler}: a small composition root. It wires the stores, the lease coordinator (with the lineage
 * eligibility) and the {@link ConsumerRegistry} with its {@link ConsumerFactory}, and owns the scheduler's lifecycle
 * state ({@code NEW -> RUNNING -> SHUTTING_DOWN -> STOPPED}, changed under this object's lock). Everything else lives
 * in one piece per concern: {@link SchedulerThreads} (the executors it owns), {@link ShardSyncTasks} (the first and the
 * periodic shard syncs), {@link WorkerStatus} (coordinator meters, the status item), {@link CoordinatorCallbacks} (the
 * consumers' way back to the coordinator) and {@link SchedulerStop} (graceful shutdown and close).
 */
public final class DefaultScheduler implements Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultScheduler.class);

    private final ConsumerConfig config;
    private final SchedulerComponents components;
    private final String workerId;
    /** Multi-stream only (else null): the tracked streams. */
    private final TrackedStreams tracked;
    private final WorkerEvents events;
    private final SchedulerThreads threads;
    private final ConsumerRegistry registry;
    private final LeaseCoordinator coordinator;
    private final ShardSyncTasks shardSync;
    private final WorkerStatus status;
    private final SchedulerStop stopper;
    private volatile State phase = State.NEW; // written under this

    /** The production wiring: resilient DynamoDB stores and fetchers over the config's clients. */
    public static DefaultScheduler create(ConsumerConfig config) {
        return new DefaultScheduler(config, SchedulerComponents.production(config));
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
        Objects.requireNonNull(runtime, "runtime");
        Time time = runtime.time();
        this.components = Objects.requireNonNull(components, "components");
        String worker = config.leaseCoordinatorConfig().workerId();
        // multi-stream: rows in KCL's multi-stream form below, lineage as full lease keys above (RowFormLeaseStore)
        this.tracked = config.isMultiStream() ? new TrackedStreams(config.streamTracker(),
                new KinesisStreamResolver(components.kinesis()), config.initialPosition(), worker) : null;
        LeaseStore leaseStore = tracked != null ? new RowFormLeaseStore(components.leaseStore())
                : components.leaseStore();
        LeaseCoordinatorConfig coordinatorConfig = coordinatorConfig(config, tracked);
        this.workerId = coordinatorConfig.workerId();
        this.events = new WorkerEvents(config.workerStateListener());
        this.threads = new SchedulerThreads(runtime, config.processingThreads());
        ConsumerMetrics metrics = ConsumerMetrics.boundTo(config.meterRegistry(), config.applicationName(), workerId);
        // the coordinator's events reach the registry made below (events start with start())
        this.coordinator = runtime.coordinator(coordinatorConfig, leaseStore,
                components.coordinationStore(), this::onLeaseEvent);
        LeaseCallbacks callbacks = new CoordinatorCallbacks(workerId, coordinator, leaseStore, tracked, events, time);
        ConsumerFactory consumers = new ConsumerFactory(config, workerId, components.fetchers(), leaseStore, tracked,
                threads, metrics, callbacks, timings, time);
        this.registry = new ConsumerRegistry(consumers::create, callbacks);
        this.shardSync = new ShardSyncTasks(config, workerId, components.kinesis(), leaseStore, coordinator, tracked,
                registry::consumers, time);
        this.status = new WorkerStatus(config, workerId, components.coordinationStore(), registry, metrics, time);
        this.stopper = new SchedulerStop(workerId, config.applicationName(),
                config.leaseCoordinatorConfig().handoffTimeout(), runtime.threaded(), coordinator, registry,
                components.fetchers(), threads, metrics, status, events, this::markStopped);
    }

    /** The coordinator's config: lineage eligibility over the application's (multi-stream: tracked streams only). */
    private static LeaseCoordinatorConfig coordinatorConfig(ConsumerConfig config, TrackedStreams tracked) {
        LeaseEligibility eligibility = config.leaseCoordinatorConfig().leaseEligibility();
        if (tracked != null) {
            LeaseEligibility also = eligibility;
            eligibility = (lease, all) -> tracked.isTracked(lease.leaseKey()) && also.isEligible(lease, all);
        }
        return config.leaseCoordinatorConfig().toBuilder()
                .leaseEligibility(Lineage.eligibility(eligibility))
                .build();
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
            shardSync.initialSync();
        } catch (RuntimeException e) {
            LOG.error("{}: starting the scheduler of {} failed: {}", workerId, config.applicationName(),
                    e.getMessage());
            stop(e);
            throw e;
        }
        status.bindCoordinatorMetrics(coordinator);
        shardSync.schedule(threads.syncThread());
        status.schedule(threads.syncThread());
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
                stopper.stoppedBeforeStart();
            }
            if (phase != State.RUNNING) {
                return stopper.future();
            }
            phase = State.SHUTTING_DOWN;
        }
        stopper.handOffAndStop();
        return stopper.future();
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
        if (markStopped()) {
            stopper.stopNow(cause);
        }
    }

    /** Moves to {@code STOPPED}; false when the scheduler already was. */
    private synchronized boolean markStopped() {
        if (phase == State.STOPPED) {
            return false;
        }
        phase = State.STOPPED;
        return true;
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
}
