package io.shardline.kcl.internal.consumer;

import static io.shardline.kcl.internal.consumer.ShutdownReason.LEASE_LOST;
import static io.shardline.kcl.internal.consumer.ShutdownReason.REQUESTED;

import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.kcl.internal.consumer.ConsumerPhase.EndingShard;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Initializing;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Processing;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Stopping;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way out of a {@link ShardConsumer}: the {@link Stopping} phase (the processor's last callback after a stop
 * request), the fence-deadline check before every processor callback, a shard end cut short by a lost lease, and the
 * move to {@code Done} that closes everything and tells the coordinator. Steps only (the consumer's serial executor).
 */
final class ConsumerStop {

    /** Logs under {@code ShardConsumer}, as before the split (log filters and docs/multilang.md name it). */
    private static final Logger LOG = LoggerFactory.getLogger(ShardConsumer.class);

    private final ConsumerContext ctx;
    private final String shardId;
    private final ConsumerLifecycle lifecycle;
    private final ShardFetcher fetcher;
    private final ConsumerSteps steps;
    private final CompletableFuture<ShutdownReason> terminated = new CompletableFuture<>();

    ConsumerStop(ConsumerContext ctx, String shardId, ConsumerLifecycle lifecycle, ShardFetcher fetcher,
            ConsumerSteps steps) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.shardId = Objects.requireNonNull(shardId, "shardId");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.steps = Objects.requireNonNull(steps, "steps");
    }

    /** Completes with the reason once the consumer is done. */
    CompletableFuture<ShutdownReason> terminated() {
        return terminated;
    }

    /**
     * Before a processor callback: when this worker is past its self-fence deadline (no heartbeat for
     * {@code failoverTimeout - selfFenceMargin}; peers may take the lease {@code selfFenceMargin} later), nothing more
     * is delivered: the consumer stops as fenced ({@code leaseLost}, then the coordinator is told).
     *
     * @return true when the consumer stopped
     */
    boolean stoppedPastFenceDeadline() {
        if (!ctx.callbacks().isPastFenceDeadline()) {
            return false;
        }
        LOG.warn("{}: past this worker's self-fence deadline (no heartbeat succeeded in time): shard {} delivers"
                + " nothing more and stops", ctx.workerId(), shardId);
        lifecycle.fence();
        ConsumerPhase current = lifecycle.phase();
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
    void stop(ShutdownReason request, ProcessorRun run) {
        if (request == REQUESTED && run != null && ctx.callbacks().isPastFenceDeadline()) {
            // no shutdownRequested (it may checkpoint) past the self-fence deadline: leaseLost
            lifecycle.fence();
        }
        ShutdownReason why = lifecycle.fenced() ? LEASE_LOST : request;
        lifecycle.transitionTo(new Stopping(why, run), why);
        fetcher.close();
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
        complete(lifecycle.fenced() ? LEASE_LOST : why);
    }

    /** The lease went (or this worker is fenced) during a shard end: {@code leaseLost} unless it was told the end. */
    void endShardAsLost(EndingShard ending) {
        if (!ending.processorNotified()) {
            ProcessorRun run = ending.run();
            run.checkpointer.close();
            steps.invokeOnce("leaseLost", () -> run.processor.leaseLost(new LeaseLostInput(shardId)));
        }
        complete(LEASE_LOST);
    }

    /** Moves to {@code Done(why)}: closes the fetcher, checkpointer, gauge and batch runner; tells the coordinator. */
    void complete(ShutdownReason why) {
        ConsumerPhase before = lifecycle.phase();
        boolean handoff = lifecycle.finish(why);
        fetcher.close();
        ShardCheckpointer c = lifecycle.checkpointer();
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
        if (lifecycle.fenced()) {
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
}
