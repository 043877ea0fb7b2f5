package io.shardline.kcl.internal.consumer;

import static io.shardline.kcl.internal.consumer.ShutdownReason.LEASE_LOST;
import static io.shardline.kcl.internal.consumer.ShutdownReason.REQUESTED;
import static io.shardline.kcl.internal.consumer.ShutdownReason.SHARD_END;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.concurrent.SerialExecutor;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Done;
import io.shardline.kcl.internal.consumer.ConsumerPhase.EndStep;
import io.shardline.kcl.internal.consumer.ConsumerPhase.EndingShard;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Initializing;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Processing;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Stopping;
import io.shardline.kcl.internal.consumer.ConsumerPhase.WaitingOnParents;
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
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one application processor over one owned lease, through the phases of {@link ConsumerPhase} (diagram in
 * {@code package-info.java}); {@link #state()} is their coarse {@link ConsumerState}. The consumer is stepped, like the
 * coordinator is polled: every step is {@link #step(long)} with the worker's monotonic time, posted to the shard's
 * {@link SerialExecutor} over the shared processing pool, so the processor's callbacks never overlap and the phase is
 * written by one logical thread. Events come from other threads ({@link #start}, {@link #leaseLost},
 * {@link #requestShutdown}, the fetcher's data signal, the checkpointer's fenced signal) and only record a stop request
 * and post a step. There is no polling loop and no blocking wait for another task: a step runs when the fetcher says data
 * is ready, when an event arrives, or when a backoff or parent re-check is due (delays go through the context's timer).
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
    private final AtomicReference<StopRequest> stopRequest = new AtomicReference<>();
    private volatile ConsumerPhase phase = new WaitingOnParents(false); // written by steps only, under this
    private volatile RecordFetcher fetcher; // closed by stop requests at once
    private volatile ShardCheckpointer checkpointer; // read by the status publisher
    private volatile long millisBehindLatest = -1;

    // ----- confined to the serial executor -----
    private Lease lease; // as acquired; re-read once before the processor starts

    /** A consumer of {@code lease} as acquired (its token fences the checkpoints); call {@link #start()}. */
    public ShardConsumer(ConsumerContext ctx, Lease lease) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.shardId = lease.leaseKey();
        this.serial = new SerialExecutor(ctx.processingPool(), 1, "shard " + shardId);
        this.steps = new ConsumerSteps(ctx, shardId, this::postStep);
        ctx.metrics().stateChanged(null, phase.state());
    }

    // ----- events: any thread, never blocking -----

    public void start() {
        postStep();
    }

    /** The lease is gone: stop fetching now; the processor gets {@code leaseLost} after its current callback. */
    public void leaseLost() {
        requestStop(StopRequest.LEASE_LOST);
    }

    /**
     * Graceful handoff: stop fetching now; after the current callback the processor gets {@code shutdownRequested},
     * then the coordinator is told to move the lease. When the consumer already finished, it is told at once.
     */
    public void requestShutdown() {
        requestStop(StopRequest.REQUESTED);
    }

    /** Completes with the reason once the consumer reached {@link ConsumerState#SHUTDOWN_COMPLETE}. */
    public CompletableFuture<ShutdownReason> terminated() {
        return terminated;
    }

    /** The coarse state of the current phase. Any thread. */
    public ConsumerState state() {
        return phase.state();
    }

    /** The current phase. Any thread (a snapshot). */
    ConsumerPhase phase() {
        return phase;
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

    private void requestStop(StopRequest request) {
        boolean alreadyFinished;
        synchronized (this) { // against complete(): a request is either seen by it or answered here
            alreadyFinished = phase instanceof Done;
            if (!alreadyFinished) {
                stopRequest.accumulateAndGet(request, StopRequest::stronger);
            }
        }
        if (alreadyFinished) {
            if (request == StopRequest.REQUESTED) {
                ctx.callbacks().handoffCompleted(shardId);
            }
            return;
        }
        closeFetcher();
        postStep();
    }

    private void postStep() {
        serial.execute(() -> step(ctx.time().nanoTime()));
    }

    private void signal() {
        if (signalled.compareAndSet(false, true)) {
            serial.execute(() -> {
                signalled.set(false);
                step(ctx.time().nanoTime());
            });
        }
    }

    private void onFenced(String leaseKey) {
        requestStop(StopRequest.FENCED);
    }

    private boolean fenced() {
        return stopRequest.get() == StopRequest.FENCED;
    }

    /** The stop to act on now, as the processor's last callback sees it ({@code null}: none). */
    private ShutdownReason stopReason() {
        StopRequest request = stopRequest.get();
        return request == null ? null : request.reason();
    }

    // ----- steps: serial executor only -----

    /**
     * One step of the consumer at {@code now} (the worker's monotonic nanos): does what the current phase needs and
     * is due, moving to the next phase as it goes. Serial executor only.
     */
    void step(long now) {
        MDC.put("workerId", ctx.workerId());
        MDC.put("shardId", io.shardline.kcl.StreamIdentifier.shardIdOf(shardId));
        MDC.put("leaseKey", shardId);
        MDC.put("stream", ctx.stream());
        try {
            ConsumerPhase current = phase;
            if (current instanceof WaitingOnParents w) {
                awaitParents(w, now);
            } else if (current instanceof Initializing i) {
                initializeProcessor(i, now);
            } else if (current instanceof Processing p) {
                process(p.run(), now);
            } else if (current instanceof EndingShard e) {
                continueShardEnd(e, now);
            } else if (!(current instanceof Done)) {
                throw new IllegalStateException("a step found the transient phase " + current);
            }
        } finally {
            MDC.remove("workerId");
            MDC.remove("shardId");
            MDC.remove("leaseKey");
            MDC.remove("stream");
        }
    }

    private void awaitParents(WaitingOnParents waiting, long now) {
        ShutdownReason stop = stopReason();
        if (stop != null) {
            complete(stop);
        } else if (Lineage.isFinished(lease)) {
            LOG.info("{}: shard {} is already finished (SHARD_END): nothing to process", ctx.workerId(), shardId);
            complete(SHARD_END);
        } else if (!steps.parentsFinished(lease)) {
            if (!waiting.announced()) {
                LOG.info("{}: shard {} waits for its parents {} to finish", ctx.workerId(), shardId,
                        lease.parentLeaseKeys());
                transitionTo(new WaitingOnParents(true), null);
            }
            steps.stepAfter(ctx.timings().parentPollInterval());
        } else {
            Initializing initializing = new Initializing(false, null);
            transitionTo(initializing, null);
            initializeProcessor(initializing, now);
        }
    }

    private void initializeProcessor(Initializing init, long now) {
        ShutdownReason stop = stopReason();
        if (stop != null) {
            stop(stop, null);
            return;
        }
        if (!steps.retryDue(now)) {
            return;
        }
        if (!init.leaseReread()) {
            if (!rereadLease(now)) {
                return;
            }
            init = transitionTo(new Initializing(true, null), null);
        }
        ProcessorRun run = init.run();
        if (run == null) {
            run = createProcessor(now);
            if (run == null) {
                return;
            }
            init = transitionTo(new Initializing(true, run), null);
        }
        if (stoppedPastFenceDeadline()) {
            return;
        }
        InitializationInput input = StartPositions.initializationInput(lease, ctx.initialPosition());
        ShardRecordProcessor processor = run.processor;
        if (!steps.invoke("initialize", () -> processor.initialize(input))) {
            steps.retryLater(now);
            return;
        }
        steps.succeeded();
        transitionTo(new Processing(run), null);
        run.lag = ctx.metrics().shardLag(shardId);
        startFetcher(StartPositions.fetchPosition(lease, ctx.initialPosition()), now);
    }

    /**
     * Re-reads the lease once before the processor starts, so it starts at the latest checkpoint. The lease event this
     * consumer was made from can be older than the table: when a worker drops a lease (it fenced itself) and takes it
     * back under the same token, the previous consumer of the lease on this worker may have checkpointed after that
     * snapshot (it finished before this one started). A lease no longer held under this token is lost.
     *
     * @return whether to go on initializing
     */
    private boolean rereadLease(long now) {
        Optional<Lease> current = steps.reread(lease);
        if (current == null) {
            steps.retryLater(now);
            return false;
        }
        if (current.isEmpty() || !current.get().token().equals(lease.token())) {
            LOG.info("{}: lease {} is no longer held under {} (the table has {}); not starting its processor",
                    ctx.workerId(), shardId, lease.token(), current.map(Lease::token).orElse(null));
            stopRequest.accumulateAndGet(StopRequest.FENCED, StopRequest::stronger); // the coordinator is told
            stop(LEASE_LOST, null);
            return false;
        }
        lease = current.get();
        return true;
    }

    /** The processor and its checkpointers, or {@code null} when the factory failed (retried after a backoff). */
    private ProcessorRun createProcessor(long now) {
        ProcessorRun[] made = new ProcessorRun[1];
        if (!steps.invoke("create", () -> made[0] = ProcessorRun.create(ctx, lease, steps, this::onFenced))) {
            steps.retryLater(now);
            return null;
        }
        checkpointer = made[0].checkpointer;
        return made[0];
    }

    private void process(ProcessorRun run, long now) {
        ShutdownReason stop = stopReason();
        if (stop != null) {
            stop(stop, run);
        } else if (!steps.retryDue(now) || run.batches.isStopped()) {
            return;
        } else if (fetcher == null) {
            startFetcher(run.lastDelivered != null ? StartingPosition.afterSequenceNumber(run.lastDelivered)
                    : StartPositions.fetchPosition(lease, ctx.initialPosition()), now);
        } else {
            RecordBatch batch = run.retryBatch != null ? run.retryBatch : fetcher.poll();
            if (batch != null) {
                deliver(run, batch, now);
            }
        }
    }

    private void deliver(ProcessorRun run, RecordBatch batch, long now) {
        if (batch.isFailed()) {
            LOG.error("{}: fetching shard {} failed: {}; restarting the fetcher after a backoff", ctx.workerId(),
                    shardId, batch.failure().getMessage());
            closeFetcher();
            fetcher = null;
            steps.retryLater(now);
            return;
        }
        if (batch.millisBehindLatest() >= 0) {
            run.lag.set(batch.millisBehindLatest());
            millisBehindLatest = batch.millisBehindLatest();
        }
        List<KinesisClientRecord> records = batch.records();
        if (stoppedPastFenceDeadline()) {
            return;
        }
        if (!records.isEmpty()) {
            ExtendedSequenceNumber last = records.get(records.size() - 1).extendedSequenceNumber();
            run.checkpointer.recordDelivered(last);
            run.lastDelivered = last;
            BatchRunner.Outcome outcome = run.batches.run(batch); // the failure policy: retries, bisection, dead letters
            if (outcome == BatchRunner.Outcome.RETRY_LATER) {
                run.retryBatch = batch;
                steps.retryLater(now);
                return;
            }
            if (outcome == BatchRunner.Outcome.FENCED) {
                stoppedPastFenceDeadline();
                return;
            }
            if (outcome == BatchRunner.Outcome.STOPPED) {
                run.retryBatch = null;
                closeFetcher(); // the lease stays; a stop request still ends the consumer
                return;
            }
        } else if (!batch.shardEnded() && run.emptyBatches) {
            run.batches.runEmpty(batch); // an idle shard: time-based processors (checkpoints, flushes) see time pass
        }
        run.retryBatch = null;
        steps.succeeded();
        if (batch.shardEnded() && stopReason() == null) {
            EndingShard ending = transitionTo(new EndingShard(run, EndStep.CREATE_CHILDREN, batch.childShards(),
                    List.of()), SHARD_END);
            closeFetcher();
            continueShardEnd(ending, now);
        } else {
            postStep(); // more batches may be ready; yield the thread between batches
        }
    }

    private void startFetcher(StartingPosition position, long now) {
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
            steps.retryLater(now);
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
        stopRequest.accumulateAndGet(StopRequest.FENCED, StopRequest::stronger);
        ConsumerPhase current = phase;
        if (current instanceof EndingShard ending) {
            endShardAsLost(ending);
        } else {
            stop(LEASE_LOST, current instanceof Processing p ? p.run() : null);
        }
        return true;
    }

    /**
     * Stop requested while initializing or processing: the processor's last callback, then complete.
     *
     * @param run the initialized processor's run, or {@code null} when {@code initialize} has not returned
     */
    private void stop(ShutdownReason request, ProcessorRun run) {
        if (request == REQUESTED && run != null && ctx.callbacks().isPastFenceDeadline()) {
            // no shutdownRequested (it may checkpoint) past the self-fence deadline: leaseLost
            stopRequest.accumulateAndGet(StopRequest.FENCED, StopRequest::stronger);
        }
        ShutdownReason why = fenced() ? LEASE_LOST : request;
        transitionTo(new Stopping(why, run), why);
        closeFetcher();
        if (run != null && why == LEASE_LOST) {
            run.checkpointer.close(); // leaseLost must not checkpoint: make any attempt fail loudly
            steps.invokeOnce("leaseLost", () -> run.processor.leaseLost(new LeaseLostInput(shardId)));
        } else if (run != null) {
            if (run.batches.inProgress()) {
                run.recordCheckpointer.limitTo(run.batches.lastHandled()); // never past a record that failed
            }
            steps.invokeOnce("shutdownRequested", () -> run.processor.shutdownRequested(
                    new ShutdownRequestedInput(shardId, run.recordCheckpointer)));
            run.recordCheckpointer.unlimited();
        }
        complete(fenced() ? LEASE_LOST : why);
    }

    /** The shard ended: children's leases, {@code shardEnded}, {@code SHARD_END} (each retried until it succeeds). */
    private void continueShardEnd(EndingShard ending, long now) {
        if (stopRequest.get() == StopRequest.FENCED || stopRequest.get() == StopRequest.LEASE_LOST) {
            endShardAsLost(ending);
            return;
        }
        if (!steps.retryDue(now)) {
            return;
        }
        ProcessorRun run = ending.run();
        if (ending.step() == EndStep.CREATE_CHILDREN) {
            steps.createChildLeases(ending.children());
            ending = transitionTo(new EndingShard(run, EndStep.NOTIFY_PROCESSOR, List.of(),
                    ending.children().stream().map(ChildShard::shardId).toList()), null);
        }
        if (ending.step() == EndStep.NOTIFY_PROCESSOR) {
            if (ctx.callbacks().isPastFenceDeadline()) {
                stoppedPastFenceDeadline();
                return;
            }
            run.checkpointer.shardEnded();
            if (!steps.invoke("shardEnded",
                    () -> run.processor.shardEnded(new ShardEndedInput(shardId, run.recordCheckpointer)))) {
                steps.retryLater(now);
                return;
            }
            ending = transitionTo(ending.next(EndStep.CHECKPOINT), null);
        }
        if (!fenced() && !steps.checkpointShardEnd(run.checkpointer)) {
            steps.retryLater(now);
            return;
        }
        if (!fenced()) {
            List<String> children = ending.childLeaseKeys();
            ctx.callbacks().shardFinished(shardId, children.isEmpty() ? List.copyOf(lease.childLeaseKeys()) : children);
        }
        complete(fenced() ? LEASE_LOST : SHARD_END);
    }

    /** The lease went (or this worker is fenced) during a shard end: {@code leaseLost} unless it was told the end. */
    private void endShardAsLost(EndingShard ending) {
        if (!ending.processorNotified()) {
            ProcessorRun run = ending.run();
            run.checkpointer.close();
            steps.invokeOnce("leaseLost", () -> run.processor.leaseLost(new LeaseLostInput(shardId)));
        }
        complete(LEASE_LOST);
    }

    private void complete(ShutdownReason why) {
        ConsumerPhase before = phase;
        boolean handoff;
        synchronized (this) { // against requestStop(): a request is either seen here or answered there
            transitionTo(new Done(why), why);
            handoff = stopRequest.get() == StopRequest.REQUESTED;
        }
        closeFetcher();
        ShardCheckpointer c = checkpointer;
        if (c != null) {
            c.close();
        }
        ProcessorRun run = runOf(before);
        if (run != null && run.lag != null) {
            run.lag.release();
        }
        if (run != null) {
            run.batches.close();
        }
        if (fenced()) {
            ctx.callbacks().fenced(shardId);
        } else if (handoff) {
            ctx.callbacks().handoffCompleted(shardId);
        }
        terminated.complete(why);
    }

    private static ProcessorRun runOf(ConsumerPhase phase) {
        if (phase instanceof Initializing i) {
            return i.run();
        } else if (phase instanceof Processing p) {
            return p.run();
        } else if (phase instanceof EndingShard e) {
            return e.run();
        } else if (phase instanceof Stopping s) {
            return s.run();
        }
        return null;
    }

    /**
     * The only way to change phase: checks the table ({@link ConsumerPhase#checkTransition}), counts a change of the
     * coarse state, logs one INFO line per change of phase kind (DEBUG for new data in the same kind).
     */
    private synchronized <P extends ConsumerPhase> P transitionTo(P next, ShutdownReason why) {
        ConsumerPhase from = phase;
        ConsumerPhase.checkTransition(from, next);
        if (from.state() != next.state()) {
            from.state().transitionTo(next.state()); // the coarse table agrees (ConsumerPhaseTest)
        }
        phase = next;
        if (from.state() != next.state()) {
            ctx.metrics().stateChanged(from.state(), next.state());
        }
        if (from.getClass() != next.getClass()) {
            LOG.info("{}: shard {} {} -> {}{} ({} -> {})", ctx.workerId(), shardId, from.state(), next.state(),
                    why == null ? "" : " (" + why + ")", from.kind(), next.kind());
        } else {
            LOG.debug("{}: shard {} {} -> {}", ctx.workerId(), shardId, from, next);
        }
        return next;
    }

    private void closeFetcher() {
        RecordFetcher current = fetcher;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public String toString() {
        return "ShardConsumer[" + shardId + ", " + phase.kind() + "]";
    }
}
