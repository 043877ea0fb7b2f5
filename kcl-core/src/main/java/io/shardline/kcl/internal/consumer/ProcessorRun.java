package io.shardline.kcl.internal.consumer;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.LeaseLostListener;
import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.kcl.ShardContext;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.lease.Lease;
import java.util.Objects;

/**
 * One processor over one lease, from its creation to the consumer's end: the data that the
 * {@link ConsumerPhase.Initializing}, {@link ConsumerPhase.Processing}, {@link ConsumerPhase.EndingShard} and
 * {@link ConsumerPhase.Stopping} phases carry. The progress fields change per batch; confined to the consumer's serial
 * executor.
 */
final class ProcessorRun {

    /** The lease as re-read before the processor was created (its token fences the checkpoints). */
    final Lease lease;
    final ShardRecordProcessor processor;
    final ShardCheckpointer checkpointer;
    final RecordCheckpointerAdapter recordCheckpointer;
    final BatchRunner batches;
    /** {@code processor.processEmptyBatches()}, read once. */
    final boolean emptyBatches;

    /** The shard's lag gauge, from the start of processing. */
    ConsumerMetrics.ShardLag lag;
    /** The last record handed to the processor (a restarted fetcher starts after it). */
    ExtendedSequenceNumber lastDelivered;
    /** A batch whose records wait for a retry after a backoff, or {@code null}. */
    RecordBatch retryBatch;

    ProcessorRun(Lease lease, ShardRecordProcessor processor, ShardCheckpointer checkpointer,
            RecordCheckpointerAdapter recordCheckpointer, BatchRunner batches) {
        this.lease = Objects.requireNonNull(lease, "lease");
        this.processor = Objects.requireNonNull(processor, "processor");
        this.checkpointer = Objects.requireNonNull(checkpointer, "checkpointer");
        this.recordCheckpointer = Objects.requireNonNull(recordCheckpointer, "recordCheckpointer");
        this.batches = Objects.requireNonNull(batches, "batches");
        this.emptyBatches = processor.processEmptyBatches();
    }

    /**
     * Creates the application's processor for {@code lease} and its checkpointers (fenced by the lease's token;
     * {@code onFenced} hears of a fenced checkpoint).
     */
    static ProcessorRun create(ConsumerContext ctx, Lease lease, ConsumerSteps steps, LeaseLostListener onFenced) {
        String shardId = lease.leaseKey();
        ShardRecordProcessor processor = Objects.requireNonNull(ctx.processors().create(
                new ShardContext(ctx.application(), ctx.stream(), shardId, ctx.workerId(), lease)),
                "the processor factory returned null");
        ExtendedSequenceNumber start = StartPositions.sentinelOf(ctx.initialPosition());
        ShardCheckpointer checkpointer = ctx.checkpointers().create(lease, start, onFenced);
        RecordCheckpointerAdapter recordCheckpointer = new RecordCheckpointerAdapter(checkpointer, start);
        BatchRunner batches = new BatchRunner(ctx, shardId, steps, processor, checkpointer, recordCheckpointer);
        return new ProcessorRun(lease, processor, checkpointer, recordCheckpointer, batches);
    }

    @Override
    public String toString() {
        return "run[" + processor.getClass().getSimpleName() + "]";
    }
}
