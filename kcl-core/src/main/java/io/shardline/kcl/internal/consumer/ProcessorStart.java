package io.shardline.kcl.internal.consumer;

import static io.shardline.kcl.internal.consumer.ShutdownReason.LEASE_LOST;
import static io.shardline.kcl.internal.consumer.ShutdownReason.SHARD_END;

import io.shardline.checkpoint.LeaseLostListener;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Initializing;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Processing;
import io.shardline.kcl.internal.consumer.ConsumerPhase.WaitingOnParents;
import io.shardline.lease.Lease;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way in of a {@link ShardConsumer}: the {@link WaitingOnParents} phase (until every parent shard is finished) and
 * the {@link Initializing} phase (the lease re-read once, the processor created, its {@code initialize} called, each
 * retried after a backoff), ending in {@link Processing} with the fetcher started. Steps only.
 */
final class ProcessorStart {

    /** Logs under {@code ShardConsumer}, as before the split (log filters and docs/multilang.md name it). */
    private static final Logger LOG = LoggerFactory.getLogger(ShardConsumer.class);

    private final ConsumerContext ctx;
    private final String shardId;
    private final ConsumerLifecycle lifecycle;
    private final ConsumerSteps steps;
    private final ShardFetcher fetcher;
    private final ConsumerStop stop;
    private final LeaseLostListener onFenced;
    private Lease lease; // as acquired; re-read once before the processor starts

    /** @param onFenced hears of a fenced checkpoint (the run's checkpointers are made with it) */
    ProcessorStart(ConsumerContext ctx, Lease lease, ConsumerLifecycle lifecycle, ConsumerSteps steps,
            ShardFetcher fetcher, ConsumerStop stop, LeaseLostListener onFenced) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.shardId = lease.leaseKey();
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.steps = Objects.requireNonNull(steps, "steps");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.stop = Objects.requireNonNull(stop, "stop");
        this.onFenced = Objects.requireNonNull(onFenced, "onFenced");
    }

    /** One step in {@code WaitingOnParents}: a stop, a finished lease, another wait, or on to initializing. */
    void awaitParents(WaitingOnParents waiting, long now) {
        ShutdownReason request = lifecycle.stopReason();
        if (request != null) {
            stop.complete(request);
        } else if (Lineage.isFinished(lease)) {
            LOG.info("{}: shard {} is already finished (SHARD_END): nothing to process", ctx.workerId(), shardId);
            stop.complete(SHARD_END);
        } else if (!steps.parentsFinished(lease)) {
            if (!waiting.announced()) {
                LOG.info("{}: shard {} waits for its parents {} to finish", ctx.workerId(), shardId,
                        lease.parentLeaseKeys());
                lifecycle.transitionTo(new WaitingOnParents(true), null);
            }
            steps.stepAfter(ctx.timings().parentPollInterval());
        } else {
            Initializing initializing = new Initializing(false, null);
            lifecycle.transitionTo(initializing, null);
            initialize(initializing, now);
        }
    }

    /** One step in {@code Initializing}: re-read, create, {@code initialize}, each once it succeeded. */
    void initialize(Initializing init, long now) {
        ShutdownReason request = lifecycle.stopReason();
        if (request != null) {
            stop.stop(request, null);
            return;
        }
        if (!steps.retryDue(now)) {
            return;
        }
        if (!init.leaseReread()) {
            if (!rereadLease(now)) {
                return;
            }
            init = lifecycle.transitionTo(new Initializing(true, null), null);
        }
        ProcessorRun run = init.run();
        if (run == null) {
            run = createProcessor(now);
            if (run == null) {
                return;
            }
            init = lifecycle.transitionTo(new Initializing(true, run), null);
        }
        if (stop.stoppedPastFenceDeadline()) {
            return;
        }
        InitializationInput input = StartPositions.initializationInput(lease, ctx.initialPosition());
        ShardRecordProcessor processor = run.processor;
        if (!steps.invoke("initialize", () -> processor.initialize(input))) {
            steps.retryLater(now);
            return;
        }
        steps.succeeded();
        lifecycle.transitionTo(new Processing(run), null);
        run.lag = ctx.metrics().shardLag(shardId);
        fetcher.start(lease, StartPositions.fetchPosition(lease, ctx.initialPosition()), now);
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
            lifecycle.fence(); // the coordinator is told
            stop.stop(LEASE_LOST, null);
            return false;
        }
        lease = current.get();
        return true;
    }

    /** The processor and its checkpointers, or {@code null} when the factory failed (retried after a backoff). */
    private ProcessorRun createProcessor(long now) {
        ProcessorRun[] made = new ProcessorRun[1];
        if (!steps.invoke("create", () -> made[0] = ProcessorRun.create(ctx, lease, steps, onFenced))) {
            steps.retryLater(now);
            return null;
        }
        lifecycle.runCreated(made[0]);
        return made[0];
    }
}
