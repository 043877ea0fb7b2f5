package io.shardline.kcl.internal.consumer;

import static io.shardline.kcl.internal.consumer.ShutdownReason.SHARD_END;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.consumer.ConsumerPhase.EndStep;
import io.shardline.kcl.internal.consumer.ConsumerPhase.EndingShard;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Processing;
import io.shardline.kcl.retrieval.RecordBatch;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Processing} phase of a {@link ShardConsumer}: polls the fetcher, hands each batch to
 * {@code processRecords} through the run's {@link BatchRunner} (the failure policy), restarts a failed fetcher after a
 * backoff, and moves to {@link EndingShard} after the last batch of a closed shard. One batch per step; the next step
 * is posted at once. Steps only.
 */
final class RecordDelivery {

    /** Logs under {@code ShardConsumer}, as before the split (log filters and docs/multilang.md name it). */
    private static final Logger LOG = LoggerFactory.getLogger(ShardConsumer.class);

    private final ConsumerContext ctx;
    private final String shardId;
    private final ConsumerLifecycle lifecycle;
    private final ConsumerSteps steps;
    private final ShardFetcher fetcher;
    private final ConsumerStop stop;
    private final ShardEnd shardEnd;
    private final Runnable postStep;
    private volatile long millisBehindLatest = -1;

    /** @param postStep posts the next step to the consumer's serial executor */
    RecordDelivery(ConsumerContext ctx, String shardId, ConsumerLifecycle lifecycle, ConsumerSteps steps,
            ShardFetcher fetcher, ConsumerStop stop, ShardEnd shardEnd, Runnable postStep) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.shardId = Objects.requireNonNull(shardId, "shardId");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.steps = Objects.requireNonNull(steps, "steps");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.stop = Objects.requireNonNull(stop, "stop");
        this.shardEnd = Objects.requireNonNull(shardEnd, "shardEnd");
        this.postStep = Objects.requireNonNull(postStep, "postStep");
    }

    /** The last millisBehindLatest of a fetch ({@code -1}: none yet). Any thread. */
    long millisBehindLatest() {
        return millisBehindLatest;
    }

    /** One step in {@code Processing}: a stop, a (re)started fetcher, or the next batch. */
    void step(ProcessorRun run, long now) {
        ShutdownReason request = lifecycle.stopReason();
        if (request != null) {
            stop.stop(request, run);
        } else if (!steps.retryDue(now) || run.batches.isStopped()) {
            return;
        } else if (!fetcher.isStarted()) {
            fetcher.start(run.lease, run.lastDelivered != null
                    ? StartingPosition.afterSequenceNumber(run.lastDelivered)
                    : StartPositions.fetchPosition(run.lease, ctx.initialPosition()), now);
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
            fetcher.discard();
            steps.retryLater(now);
            return;
        }
        if (batch.millisBehindLatest() >= 0) {
            run.lag.set(batch.millisBehindLatest());
            millisBehindLatest = batch.millisBehindLatest();
        }
        List<KinesisClientRecord> records = batch.records();
        if (stop.stoppedPastFenceDeadline()) {
            return;
        }
        if (!records.isEmpty()) {
            if (!processRecords(run, batch, records, now)) {
                return;
            }
        } else if (!batch.shardEnded() && run.emptyBatches) {
            run.batches.runEmpty(batch); // an idle shard: time-based processors (checkpoints, flushes) see time pass
        }
        run.retryBatch = null;
        steps.succeeded();
        if (batch.shardEnded() && lifecycle.stopReason() == null) {
            EndingShard ending = lifecycle.transitionTo(new EndingShard(run, EndStep.CREATE_CHILDREN,
                    batch.childShards(), List.of()), SHARD_END);
            fetcher.close();
            shardEnd.step(ending, now);
        } else {
            postStep.run(); // more batches may be ready; yield the thread between batches
        }
    }

    /**
     * {@code processRecords} under the failure policy: retries, bisection, dead letters.
     *
     * @return true when the batch is done with; false when it waits for a retry, or the consumer stopped or was fenced
     */
    private boolean processRecords(ProcessorRun run, RecordBatch batch, List<KinesisClientRecord> records, long now) {
        ExtendedSequenceNumber last = records.get(records.size() - 1).extendedSequenceNumber();
        run.checkpointer.recordDelivered(last);
        run.lastDelivered = last;
        BatchRunner.Outcome outcome = run.batches.run(batch);
        if (outcome == BatchRunner.Outcome.RETRY_LATER) {
            run.retryBatch = batch;
            steps.retryLater(now);
            return false;
        }
        if (outcome == BatchRunner.Outcome.FENCED) {
            stop.stoppedPastFenceDeadline();
            return false;
        }
        if (outcome == BatchRunner.Outcome.STOPPED) {
            run.retryBatch = null;
            fetcher.close(); // the lease stays; a stop request still ends the consumer
            return false;
        }
        return true;
    }
}
