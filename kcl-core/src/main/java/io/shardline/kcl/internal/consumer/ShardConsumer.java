package io.shardline.kcl.internal.consumer;

import static io.shardline.kcl.internal.consumer.ConsumerState.INITIALIZING;
import static io.shardline.kcl.internal.consumer.ConsumerState.PROCESSING;
import static io.shardline.kcl.internal.consumer.ConsumerState.SHUTDOWN_COMPLETE;
import static io.shardline.kcl.internal.consumer.ConsumerState.SHUTTING_DOWN;
import static io.shardline.kcl.internal.consumer.ConsumerState.WAITING_ON_PARENTS;
import static io.shardline.kcl.internal.consumer.ShutdownReason.LEASE_LOST;
import static io.shardline.kcl.internal.consumer.ShutdownReason.REQUESTED;
import static io.shardline.kcl.internal.consumer.ShutdownReason.SHARD_END;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardContext;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.ChildShard;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.kcl.retrieval.RecordFetcher;
import io.shardline.kcl.retrieval.StreamShard;
import io.shardline.lease.Lease;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one application processor over one owned lease, through the states of {@link ConsumerState} (diagram in
 * {@code package-info.java}). Every step runs on the shard's {@link SerialExecutor} over the shared processing pool,
 * so the processor's callbacks never overlap and the fields below the marker are confined to that executor. Events
 * come from other threads ({@link #start}, {@link #leaseLost}, {@link #requestShutdown}, the fetcher's data signal,
 * the checkpointer's fenced signal) and only post a step. There is no polling loop: a step runs when the fetcher says
 * data is ready, when an event arrives, or when a backoff or parent re-check is due.
 */
public final class ShardConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ShardConsumer.class);

    private final ConsumerContext ctx;
    private final String shardId;
    private final SerialExecutor serial;
    private final CompletableFuture<ShutdownReason> terminated = new CompletableFuture<>();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final ConsumerSteps steps;

    // Shared with event threads.
    private ShutdownReason stopRequest; // guarded by this; LEASE_LOST overrides REQUESTED
    private boolean finished; // guarded by this
    private volatile RecordFetcher fetcher;
    private volatile boolean fenced;
    private volatile ConsumerState state = WAITING_ON_PARENTS;

    // ----- confined to the serial executor -----
    private Lease lease; // as acquired; re-read once before the processor starts
    private boolean leaseReread;
    private ShutdownReason reason;
    private ShardRecordProcessor processor;
    private boolean emptyBatches; // processor.processEmptyBatches(), read once
    private volatile ShardCheckpointer checkpointer; // volatile: read by the status publisher
    private volatile long millisBehindLatest = -1;
    private RecordCheckpointerAdapter recordCheckpointer;
    private BatchRunner batches;
    private ConsumerMetrics.ShardLag lag;
    private boolean initialized;
    private boolean waitingLogged;
    private ExtendedSequenceNumber lastDelivered;
    private RecordBatch retryBatch;
    private List<ChildShard> childShards;
    private List<String> childLeaseKeys = List.of();
    private boolean shardEndNotified;

    /** A consumer of {@code lease} as acquired (its token fences the checkpoints); call {@link #start()}. */
    public ShardConsumer(ConsumerContext ctx, Lease lease) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.shardId = lease.leaseKey();
        this.serial = new SerialExecutor(ctx.processingPool());
        this.steps = new ConsumerSteps(ctx, shardId, () -> serial.execute(this::step));
        ctx.metrics().stateChanged(null, WAITING_ON_PARENTS);
    }

    // ----- events: any thread, never blocking -----

    public void start() {
        serial.execute(this::step);
    }

    /** The lease is gone: stop fetching now; the processor gets {@code leaseLost} after its current callback. */
    public void leaseLost() {
        requestStop(LEASE_LOST);
    }

    /**
     * Graceful handoff: stop fetching now; after the current callback the processor gets {@code shutdownRequested},
     * then the coordinator is told to move the lease. When the consumer already finished, it is told at once.
     */
    public void requestShutdown() {
        requestStop(REQUESTED);
    }

    /** Completes with the reason once the consumer reached {@link ConsumerState#SHUTDOWN_COMPLETE}. */
    public CompletableFuture<ShutdownReason> terminated() {
        return terminated;
    }

    public ConsumerState state() {
        return state;
    }

    public String leaseKey() {
        return shardId;
    }

    /** The last millisBehindLatest of a fetch ({@code -1}: none yet). Any thread. */
    public long millisBehindLatest() {
        return millisBehindLatest;
    }

    /** The last checkpoint this consumer knows of (its own or the one it started from), if any. Any thread. */
    public Optional<ExtendedSequenceNumber> lastCheckpoint() {
        ShardCheckpointer c = checkpointer;
        return c == null ? Optional.empty() : c.lastCheckpoint();
    }

    private void requestStop(ShutdownReason request) {
        boolean alreadyFinished;
        synchronized (this) {
            alreadyFinished = finished;
            if (!finished && (stopRequest == null || request == LEASE_LOST)) {
                stopRequest = request;
            }
        }
        if (alreadyFinished) {
            if (request == REQUESTED) {
                ctx.callbacks().handoffCompleted(shardId);
            }
            return;
        }
        closeFetcher();
        serial.execute(this::step);
    }

    private synchronized ShutdownReason stopRequest() {
        return stopRequest;
    }

    private void signal() {
        if (signalled.compareAndSet(false, true)) {
            serial.execute(() -> {
                signalled.set(false);
                step();
            });
        }
    }

    private void onFenced(String leaseKey) {
        fenced = true;
        requestStop(LEASE_LOST);
    }

    // ----- steps: serial executor only -----

    private void step() {
        MDC.put("workerId", ctx.workerId());
        MDC.put("shardId", io.shardline.kcl.StreamIdentifier.shardIdOf(shardId));
        MDC.put("leaseKey", shardId);
        MDC.put("stream", ctx.stream());
        try {
            switch (state) {
                case WAITING_ON_PARENTS -> awaitParents();
                case INITIALIZING -> initializeProcessor();
                case PROCESSING -> process();
                case SHUTTING_DOWN -> continueShardEnd();
                case SHUTDOWN_COMPLETE -> { }
                default -> throw new IllegalStateException("unknown state " + state);
            }
        } finally {
            MDC.remove("workerId");
            MDC.remove("shardId");
            MDC.remove("leaseKey");
            MDC.remove("stream");
        }
    }

    private void awaitParents() {
        ShutdownReason stop = stopRequest();
        if (stop != null) {
            complete(stop);
        } else if (Lineage.isFinished(lease)) {
            LOG.info("{}: shard {} is already finished (SHARD_END): nothing to process", ctx.workerId(), shardId);
            complete(SHARD_END);
        } else if (!steps.parentsFinished(lease)) {
            if (!waitingLogged) {
                waitingLogged = true;
                LOG.info("{}: shard {} waits for its parents {} to finish", ctx.workerId(), shardId,
                        lease.parentLeaseKeys());
            }
            steps.stepAfter(ctx.timings().parentPollInterval());
        } else {
            transitionTo(INITIALIZING, null);
            initializeProcessor();
        }
    }

    private void initializeProcessor() {
        ShutdownReason stop = stopRequest();
        if (stop != null) {
            stop(stop);
            return;
        }
        if (!steps.retryDue() || !rereadLease() || (processor == null && !createProcessor())) {
            return;
        }
        if (stoppedPastFenceDeadline()) {
            return;
        }
        InitializationInput input = StartPositions.initializationInput(lease, ctx.initialPosition());
        if (!steps.invoke("initialize", () -> processor.initialize(input))) {
            steps.retryLater();
            return;
        }
        steps.succeeded();
        initialized = true;
        transitionTo(PROCESSING, null);
        lag = ctx.metrics().shardLag(shardId);
        startFetcher(StartPositions.fetchPosition(lease, ctx.initialPosition()));
    }

    /**
     * Re-reads the lease once before the processor starts, so it starts at the latest checkpoint. The lease event this
     * consumer was made from can be older than the table: when a worker drops a lease (it fenced itself) and takes it
     * back under the same token, the previous consumer of the lease on this worker may have checkpointed after that
     * snapshot (it finished before this one started). A lease no longer held under this token is lost.
     *
     * @return whether to go on initializing
     */
    private boolean rereadLease() {
        if (leaseReread) {
            return true;
        }
        Optional<Lease> current = steps.reread(lease);
        if (current == null) {
            steps.retryLater();
            return false;
        }
        if (current.isEmpty() || !current.get().token().equals(lease.token())) {
            LOG.info("{}: lease {} is no longer held under {} (the table has {}); not starting its processor",
                    ctx.workerId(), shardId, lease.token(), current.map(Lease::token).orElse(null));
            fenced = true; // the coordinator is told at completion
            stop(LEASE_LOST);
            return false;
        }
        lease = current.get();
        leaseReread = true;
        return true;
    }

    private boolean createProcessor() {
        boolean created = steps.invoke("create", () -> {
            ShardRecordProcessor made = Objects.requireNonNull(ctx.processors().create(
                    new ShardContext(ctx.application(), ctx.stream(), shardId, ctx.workerId(), lease)),
                    "the processor factory returned null");
            checkpointer = ctx.checkpointers().create(lease, StartPositions.sentinelOf(ctx.initialPosition()),
                    this::onFenced);
            recordCheckpointer = new RecordCheckpointerAdapter(checkpointer,
                    StartPositions.sentinelOf(ctx.initialPosition()));
            batches = new BatchRunner(ctx, shardId, steps, made, checkpointer, recordCheckpointer);
            processor = made;
            emptyBatches = made.processEmptyBatches();
        });
        if (!created) {
            steps.retryLater();
        }
        return created;
    }

    private void process() {
        ShutdownReason stop = stopRequest();
        if (stop != null) {
            stop(stop);
        } else if (!steps.retryDue() || batches.isStopped()) {
            return;
        } else if (fetcher == null) {
            startFetcher(lastDelivered != null ? StartingPosition.afterSequenceNumber(lastDelivered)
                    : StartPositions.fetchPosition(lease, ctx.initialPosition()));
        } else {
            RecordBatch batch = retryBatch != null ? retryBatch : fetcher.poll();
            if (batch != null) {
                deliver(batch);
            }
        }
    }

    private void deliver(RecordBatch batch) {
        if (batch.isFailed()) {
            LOG.error("{}: fetching shard {} failed: {}; restarting the fetcher after a backoff", ctx.workerId(),
                    shardId, batch.failure().getMessage());
            closeFetcher();
            fetcher = null;
            steps.retryLater();
            return;
        }
        if (batch.millisBehindLatest() >= 0) {
            lag.set(batch.millisBehindLatest());
            millisBehindLatest = batch.millisBehindLatest();
        }
        List<KinesisClientRecord> records = batch.records();
        if (stoppedPastFenceDeadline()) {
            return;
        }
        if (!records.isEmpty()) {
            ExtendedSequenceNumber last = records.get(records.size() - 1).extendedSequenceNumber();
            checkpointer.recordDelivered(last);
            lastDelivered = last;
            BatchRunner.Outcome outcome = batches.run(batch); // the failure policy: retries, bisection, dead letters
            if (outcome == BatchRunner.Outcome.RETRY_LATER) {
                retryBatch = batch;
                steps.retryLater();
                return;
            }
            if (outcome == BatchRunner.Outcome.FENCED) {
                stoppedPastFenceDeadline();
                return;
            }
            if (outcome == BatchRunner.Outcome.STOPPED) {
                retryBatch = null;
                closeFetcher(); // the lease stays; a stop request still ends the consumer
                return;
            }
        } else if (!batch.shardEnded() && emptyBatches) {
            batches.runEmpty(batch); // an idle shard: time-based processors (checkpoints, flushes) see time pass
        }
        retryBatch = null;
        steps.succeeded();
        if (batch.shardEnded() && stopRequest() == null) {
            childShards = batch.childShards();
            transitionTo(SHUTTING_DOWN, SHARD_END);
            closeFetcher();
            continueShardEnd();
        } else {
            serial.execute(this::step); // more batches may be ready; yield the thread between batches
        }
    }

    private void startFetcher(StartingPosition position) {
        RecordFetcher created = null;
        try {
            created = ctx.fetchers().createFetcher(new StreamShard(ctx.stream(), shardId, lease.hashKeyRange()));
            fetcher = created;
            created.start(position, this::signal);
            LOG.debug("{}: fetching shard {} from {}", ctx.workerId(), shardId, position);
        } catch (RuntimeException e) {
            if (created != null) {
                created.close();
            }
            fetcher = null;
            LOG.warn("{}: starting the fetcher of shard {} at {} failed: {}; retrying", ctx.workerId(), shardId,
                    position, e.toString());
            steps.retryLater();
        }
    }

    /**
     * Before a processor callback: when this worker is past its self-fence deadline (no heartbeat for
     * {@code failoverTimeout - selfFenceMargin}; peers may take the lease {@code selfFenceMargin} later), nothing more
     * is delivered: the consumer stops as fenced ({@code leaseLost}, then the coordinator is told).
     *
     * @return true when the consumer stopped
     */
    private boolean stoppedPastFenceDeadline() {
        if (!ctx.callbacks().isPastFenceDeadline()) {
            return false;
        }
        LOG.warn("{}: past this worker's self-fence deadline (no heartbeat succeeded in time): shard {} delivers"
                + " nothing more and stops", ctx.workerId(), shardId);
        fenced = true;
        if (state == SHUTTING_DOWN) {
            continueShardEnd();
        } else {
            stop(LEASE_LOST);
        }
        return true;
    }

    /** Stop requested while initializing or processing: the processor's last callback, then complete. */
    private void stop(ShutdownReason request) {
        if (request == REQUESTED && initialized && ctx.callbacks().isPastFenceDeadline()) {
            fenced = true; // no shutdownRequested (it may checkpoint) past the self-fence deadline: leaseLost
        }
        ShutdownReason why = fenced ? LEASE_LOST : request;
        transitionTo(SHUTTING_DOWN, why);
        closeFetcher();
        if (initialized && why == LEASE_LOST) {
            checkpointer.close(); // leaseLost must not checkpoint: make any attempt fail loudly
            steps.invokeOnce("leaseLost", () -> processor.leaseLost(new LeaseLostInput(shardId)));
        } else if (initialized) {
            if (batches.inProgress()) {
                recordCheckpointer.limitTo(batches.lastHandled()); // never past a record that failed
            }
            steps.invokeOnce("shutdownRequested",
                    () -> processor.shutdownRequested(new ShutdownRequestedInput(shardId, recordCheckpointer)));
            recordCheckpointer.unlimited();
        }
        complete(fenced ? LEASE_LOST : why);
    }

    /** The shard ended: children's leases, {@code shardEnded}, {@code SHARD_END} (each retried until it succeeds). */
    private void continueShardEnd() {
        if (reason != SHARD_END) {
            return; // the other reasons complete within one step
        }
        if (fenced || stopRequest() == LEASE_LOST) {
            if (!shardEndNotified) {
                checkpointer.close();
                steps.invokeOnce("leaseLost", () -> processor.leaseLost(new LeaseLostInput(shardId)));
            }
            complete(LEASE_LOST);
            return;
        }
        if (!steps.retryDue()) {
            return;
        }
        if (childShards != null) {
            steps.createChildLeases(childShards);
            childLeaseKeys = childShards.stream().map(ChildShard::shardId).toList();
            childShards = null;
        }
        if (!shardEndNotified && ctx.callbacks().isPastFenceDeadline()) {
            stoppedPastFenceDeadline();
            return;
        }
        if (!shardEndNotified) {
            checkpointer.shardEnded();
            if (!steps.invoke("shardEnded",
                    () -> processor.shardEnded(new ShardEndedInput(shardId, recordCheckpointer)))) {
                steps.retryLater();
                return;
            }
            shardEndNotified = true;
        }
        if (!fenced && !steps.checkpointShardEnd(checkpointer)) {
            steps.retryLater();
            return;
        }
        if (!fenced) {
            ctx.callbacks().shardFinished(shardId,
                    childLeaseKeys.isEmpty() ? List.copyOf(lease.childLeaseKeys()) : childLeaseKeys);
        }
        complete(fenced ? LEASE_LOST : SHARD_END);
    }

    private void complete(ShutdownReason why) {
        transitionTo(SHUTDOWN_COMPLETE, why);
        closeFetcher();
        if (checkpointer != null) {
            checkpointer.close();
        }
        if (lag != null) {
            lag.release();
        }
        if (batches != null) {
            batches.close();
        }
        boolean handoff;
        synchronized (this) {
            finished = true;
            handoff = stopRequest == REQUESTED;
        }
        if (fenced) {
            ctx.callbacks().fenced(shardId);
        } else if (handoff) {
            ctx.callbacks().handoffCompleted(shardId);
        }
        terminated.complete(why);
    }

    /** The only way to change state: checks the table, counts, logs one INFO line. */
    private void transitionTo(ConsumerState next, ShutdownReason why) {
        ConsumerState from = state;
        state = from.transitionTo(next);
        if (why != null) {
            reason = why;
        }
        ctx.metrics().stateChanged(from, next);
        LOG.info("{}: shard {} {} -> {}{}", ctx.workerId(), shardId, from, next, why == null ? "" : " (" + why + ")");
    }

    private void closeFetcher() {
        RecordFetcher current = fetcher;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public String toString() {
        return "ShardConsumer[" + shardId + ", " + state + "]";
    }
}
