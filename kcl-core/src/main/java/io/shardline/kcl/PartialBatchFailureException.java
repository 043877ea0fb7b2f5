package io.shardline.kcl;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Thrown by {@link ShardRecordProcessor#processRecords} to say which records of the batch failed; the others were
 * processed. The consumer then treats every record before the lowest failure as processed, checkpoints the record just
 * before it (unless the processor already checkpointed that far), and retries only the lowest failure and everything
 * after it, in order. When the lowest failure keeps failing, it is the record given up on (see
 * {@link FailurePolicy}); no bisection is needed.
 *
 * <pre>{@code
 * List<KinesisClientRecord> failed = new ArrayList<>();
 * for (KinesisClientRecord record : input.records()) {
 *     try {
 *         handle(record);
 *     } catch (TransientException e) {
 *         failed.add(record);
 *         lastError = e;
 *     }
 * }
 * if (!failed.isEmpty()) {
 *     throw PartialBatchFailureException.of(failed, lastError);
 * }
 * }</pre>
 *
 * Records after the lowest failure are retried even if they succeeded (order per shard is kept); make processing them
 * idempotent, or stop at the first failure with {@link #at(KinesisClientRecord, Throwable)}. Positions that are not in
 * the batch are ignored; a failure that names none of the batch's records counts as a failure of the whole batch.
 */
public class PartialBatchFailureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<ExtendedSequenceNumber> failed;

    /**
     * @param failed the positions of the records that failed (at least one)
     * @param cause  why (the error recorded with a dead-lettered record), or {@code null}
     */
    public PartialBatchFailureException(Collection<ExtendedSequenceNumber> failed, Throwable cause) {
        super(describe(failed, cause), cause);
        this.failed = List.copyOf(failed);
    }

    /** The records in {@code failed} failed, the others of the batch were processed. */
    public static PartialBatchFailureException of(Collection<KinesisClientRecord> failed, Throwable cause) {
        Objects.requireNonNull(failed, "failed");
        return new PartialBatchFailureException(
                failed.stream().map(KinesisClientRecord::extendedSequenceNumber).toList(), cause);
    }

    /** Every record before {@code firstFailed} was processed; it and the ones after it were not. */
    public static PartialBatchFailureException at(KinesisClientRecord firstFailed, Throwable cause) {
        Objects.requireNonNull(firstFailed, "firstFailed");
        return new PartialBatchFailureException(List.of(firstFailed.extendedSequenceNumber()), cause);
    }

    /** The positions of the records that failed. */
    public List<ExtendedSequenceNumber> failed() {
        return failed;
    }

    private static String describe(Collection<ExtendedSequenceNumber> failed, Throwable cause) {
        Objects.requireNonNull(failed, "failed");
        if (failed.isEmpty()) {
            throw new IllegalArgumentException("a partial batch failure names at least one failed record");
        }
        return failed.size() + " record(s) failed, the lowest at " + Collections.min(failed)
                + (cause == null ? "" : ": " + cause);
    }
}
