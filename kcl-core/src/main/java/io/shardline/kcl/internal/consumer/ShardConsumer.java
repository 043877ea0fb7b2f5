package io.shardline.kcl.internal.consumer;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.kcl.internal.concurrent.SerialExecutor;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Done;
import io.shardline.kcl.internal.consumer.ConsumerPhase.EndingShard;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Initializing;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Processing;
import io.shardline.kcl.internal.consumer.ConsumerPhase.WaitingOnParents;
import io.shardline.lease.Lease;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * <p>This class takes the events and dispatches each step by phase; the phases' work lives in one class per concern,
 * all confined to the serial executor: {@link ProcessorStart} ({@code WaitingOnParents}, {@code Initializing}),
 * {@link RecordDelivery} ({@code Processing}), {@link ShardEnd} ({@code EndingShard}) and {@link ConsumerStop}
 * ({@code Stopping}, {@code Done}, the fence-deadline check). {@link ConsumerLifecycle} holds the phase and the stop
 * request and is the only way to change phase; {@link ShardFetcher} holds the fetcher that stop requests close.
 */
public final class ShardConsumer {

    private final ConsumerContext ctx;
    private final String shardId;
    private final SerialExecutor serial;
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final ConsumerLifecycle lifecycle;
    private final ShardFetcher fetcher;
    private final ConsumerStop stop;
    private final ProcessorStart starter;
    private final RecordDelivery delivery;
    private final ShardEnd shardEnd;

    /** A consumer of {@code lease} as acquired (its token fences the checkpoints); call {@link #start()}. */
    public ShardConsumer(ConsumerContext ctx, Lease lease) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(lease, "lease");
        this.shardId = lease.leaseKey();
        this.serial = new SerialExecutor(ctx.processingPool(), 1, "shard " + shardId);
        ConsumerSteps steps = new ConsumerSteps(ctx, shardId, this::postStep);
        this.lifecycle = new ConsumerLifecycle(ctx, shardId);
        this.fetcher = new ShardFetcher(ctx, shardId, steps, this::signal);
        this.stop = new ConsumerStop(ctx, shardId, lifecycle, fetcher, steps);
        this.shardEnd = new ShardEnd(ctx, shardId, lifecycle, steps, stop);
        this.delivery = new RecordDelivery(ctx, shardId, lifecycle, steps, fetcher, stop, shardEnd, this::postStep);
        this.starter = new ProcessorStart(ctx, lease, lifecycle, steps, fetcher, stop, this::onFenced);
        ctx.metrics().stateChanged(null, lifecycle.phase().state());
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
        return stop.terminated();
    }

    /** The coarse state of the current phase. Any thread. */
    public ConsumerState state() {
        return lifecycle.phase().state();
    }

    /** The current phase. Any thread (a snapshot). */
    ConsumerPhase phase() {
        return lifecycle.phase();
    }

    public String leaseKey() {
        return shardId;
    }

    /** The last millisBehindLatest of a fetch ({@code -1}: none yet). Any thread. */
    public long millisBehindLatest() {
        return delivery.millisBehindLatest();
    }

    /** The last checkpoint this consumer knows of (its own or the one it started from), if any. Any thread. */
    public Optional<ExtendedSequenceNumber> lastCheckpoint() {
        ShardCheckpointer c = lifecycle.checkpointer();
        return c == null ? Optional.empty() : c.lastCheckpoint();
    }

    private void requestStop(StopRequest request) {
        if (!lifecycle.requestStop(request)) { // already done: answered here
            if (request == StopRequest.REQUESTED) {
                ctx.callbacks().handoffCompleted(shardId);
            }
            return;
        }
        fetcher.close();
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
            ConsumerPhase current = lifecycle.phase();
            if (current instanceof WaitingOnParents w) {
                starter.awaitParents(w, now);
            } else if (current instanceof Initializing i) {
                starter.initialize(i, now);
            } else if (current instanceof Processing p) {
                delivery.step(p.run(), now);
            } else if (current instanceof EndingShard e) {
                shardEnd.step(e, now);
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

    @Override
    public String toString() {
        return "ShardConsumer[" + shardId + ", " + lifecycle.phase().kind() + "]";
    }
}
