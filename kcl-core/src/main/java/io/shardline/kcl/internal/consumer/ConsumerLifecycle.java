package io.shardline.kcl.internal.consumer;

import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Done;
import io.shardline.kcl.internal.consumer.ConsumerPhase.WaitingOnParents;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What other threads see of one {@link ShardConsumer}: its current {@link ConsumerPhase}, its {@link StopRequest} and
 * its run's checkpointer. {@link #transitionTo} is the only way to change phase (checked against the one table,
 * {@link ConsumerPhase#checkTransition}) and is called from the consumer's steps only; stop requests come from any
 * thread. One lock (this object) orders a stop request against the move to {@link Done}: a request is either seen by
 * {@link #finish} or refused by {@link #requestStop}, whose caller then answers it.
 */
final class ConsumerLifecycle {

    /** Logs under {@code ShardConsumer}, as before the split (log filters and docs/multilang.md name it). */
    private static final Logger LOG = LoggerFactory.getLogger(ShardConsumer.class);

    private final ConsumerContext ctx;
    private final String shardId;
    private final AtomicReference<StopRequest> stopRequest = new AtomicReference<>();
    private volatile ConsumerPhase phase = new WaitingOnParents(false); // written by steps only, under this
    private volatile ShardCheckpointer checkpointer; // the run's, once created: read by the status publisher

    ConsumerLifecycle(ConsumerContext ctx, String shardId) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.shardId = Objects.requireNonNull(shardId, "shardId");
    }

    /** The current phase. Any thread (a snapshot). */
    ConsumerPhase phase() {
        return phase;
    }

    /**
     * Records {@code request} (the stronger one wins) unless the consumer is already done. Any thread.
     *
     * @return false when the consumer was done: nothing recorded, the caller answers the request
     */
    synchronized boolean requestStop(StopRequest request) {
        if (phase instanceof Done) {
            return false;
        }
        stopRequest.accumulateAndGet(request, StopRequest::stronger);
        return true;
    }

    /** A stop found by a step (lease under another token, past the fence deadline): {@code FENCED}. */
    void fence() {
        stopRequest.accumulateAndGet(StopRequest.FENCED, StopRequest::stronger);
    }

    boolean fenced() {
        return stopRequest.get() == StopRequest.FENCED;
    }

    /** Whether the lease is gone: lost, or this consumer fenced (a shard end then stops at once). */
    boolean leaseGone() {
        StopRequest request = stopRequest.get();
        return request == StopRequest.FENCED || request == StopRequest.LEASE_LOST;
    }

    /** The stop to act on now, as the processor's last callback sees it ({@code null}: none). */
    ShutdownReason stopReason() {
        StopRequest request = stopRequest.get();
        return request == null ? null : request.reason();
    }

    /**
     * Moves to {@code Done(why)}, ordered against {@link #requestStop}.
     *
     * @return whether a graceful handoff was requested (the coordinator is then told it completed)
     */
    synchronized boolean finish(ShutdownReason why) {
        transitionTo(new Done(why), why);
        return stopRequest.get() == StopRequest.REQUESTED;
    }

    /** Publishes the run's checkpointer once created (closed when the consumer completes). */
    void runCreated(ProcessorRun run) {
        checkpointer = run.checkpointer;
    }

    /** The run's checkpointer, or {@code null} before a processor was created. Any thread. */
    ShardCheckpointer checkpointer() {
        return checkpointer;
    }

    /**
     * The only way to change phase: checks the table ({@link ConsumerPhase#checkTransition}), counts a change of the
     * coarse state, logs one INFO line per change of phase kind (DEBUG for new data in the same kind).
     */
    synchronized <P extends ConsumerPhase> P transitionTo(P next, ShutdownReason why) {
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
}
