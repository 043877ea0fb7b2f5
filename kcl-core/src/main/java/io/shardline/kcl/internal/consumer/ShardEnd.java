package io.shardline.kcl.internal.consumer;

import static io.shardline.kcl.internal.consumer.ShutdownReason.LEASE_LOST;
import static io.shardline.kcl.internal.consumer.ShutdownReason.SHARD_END;

import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.internal.consumer.ConsumerPhase.EndStep;
import io.shardline.kcl.internal.consumer.ConsumerPhase.EndingShard;
import io.shardline.kcl.retrieval.ChildShard;
import java.util.List;
import java.util.Objects;

/**
 * The {@link EndingShard} phase of a {@link ShardConsumer}: once every record of a closed shard was processed, its
 * {@link EndStep}s in order, {@code CREATE_CHILDREN -> NOTIFY_PROCESSOR (shardEnded) -> CHECKPOINT (SHARD_END)}, each
 * retried after a backoff until it succeeds; then the coordinator is told the children may be assigned. A lost lease
 * or a passed fence deadline cuts it short ({@link ConsumerStop#endShardAsLost}). Steps only.
 */
final class ShardEnd {

    private final ConsumerContext ctx;
    private final String shardId;
    private final ConsumerLifecycle lifecycle;
    private final ConsumerSteps steps;
    private final ConsumerStop stop;

    ShardEnd(ConsumerContext ctx, String shardId, ConsumerLifecycle lifecycle, ConsumerSteps steps,
            ConsumerStop stop) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.shardId = Objects.requireNonNull(shardId, "shardId");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.steps = Objects.requireNonNull(steps, "steps");
        this.stop = Objects.requireNonNull(stop, "stop");
    }

    /** The shard ended: children's leases, {@code shardEnded}, {@code SHARD_END} (each retried until it succeeds). */
    void step(EndingShard ending, long now) {
        if (lifecycle.leaseGone()) {
            stop.endShardAsLost(ending);
            return;
        }
        if (!steps.retryDue(now)) {
            return;
        }
        if (ending.step() == EndStep.CREATE_CHILDREN) {
            ending = createChildren(ending);
        }
        if (ending.step() == EndStep.NOTIFY_PROCESSOR) {
            ending = notifyProcessor(ending, now);
            if (ending == null) {
                return;
            }
        }
        checkpoint(ending, now);
    }

    /** Creates the children's leases (a failure is left to the shard sync) and moves to {@code NOTIFY_PROCESSOR}. */
    private EndingShard createChildren(EndingShard ending) {
        steps.createChildLeases(ending.children());
        return lifecycle.transitionTo(new EndingShard(ending.run(), EndStep.NOTIFY_PROCESSOR, List.of(),
                ending.children().stream().map(ChildShard::shardId).toList()), null);
    }

    /**
     * {@code shardEnded}, unless past the fence deadline.
     *
     * @return the {@code CHECKPOINT} step, or {@code null} when the consumer stopped or retries after a backoff
     */
    private EndingShard notifyProcessor(EndingShard ending, long now) {
        if (ctx.callbacks().isPastFenceDeadline()) {
            stop.stoppedPastFenceDeadline();
            return null;
        }
        ProcessorRun run = ending.run();
        run.checkpointer.shardEnded();
        if (!steps.invoke("shardEnded",
                () -> run.processor.shardEnded(new ShardEndedInput(shardId, run.recordCheckpointer)))) {
            steps.retryLater(now);
            return null;
        }
        return lifecycle.transitionTo(ending.next(EndStep.CHECKPOINT), null);
    }

    /** {@code SHARD_END} checkpointed unless the processor did (retried), the coordinator told, then done. */
    private void checkpoint(EndingShard ending, long now) {
        ProcessorRun run = ending.run();
        if (!lifecycle.fenced() && !steps.checkpointShardEnd(run.checkpointer)) {
            steps.retryLater(now);
            return;
        }
        if (!lifecycle.fenced()) {
            List<String> children = ending.childLeaseKeys();
            ctx.callbacks().shardFinished(shardId,
                    children.isEmpty() ? List.copyOf(run.lease.childLeaseKeys()) : children);
        }
        stop.complete(lifecycle.fenced() ? LEASE_LOST : SHARD_END);
    }
}
