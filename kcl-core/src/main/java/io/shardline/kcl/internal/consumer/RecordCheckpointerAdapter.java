package io.shardline.kcl.internal.consumer;

import io.shardline.checkpoint.CheckpointException;
import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.Checkpointer;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.PreparedCheckpoint;
import io.shardline.kcl.RecordCheckpointer;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's view of a shard's checkpointer: every {@link Checkpointer} call, plus checkpointing at a record,
 * and none of the consumer-side methods ({@code recordDelivered}, {@code shardEnded}, {@code close}).
 *
 * <p><b>Limit.</b> The consumer may bound what a callback can checkpoint below the last record delivered: while the
 * processor gets part of a batch again (a retry from the lowest partial failure, a half of a bisected batch), and in
 * {@code shutdownRequested} while records of a failed batch are still unprocessed. Then {@link #checkpoint()} means
 * "the limit" and a position beyond it is rejected, so a processor can never checkpoint past a record that failed.
 * Set and read on the consumer's serial executor only (where the processor's callbacks run).
 *
 * <p><b>Storage failures</b> come back as {@link CheckpointResult.Failed}, never as a thrown
 * {@link CheckpointException}: an exception escaping {@code processRecords} would make the consumer deliver the batch
 * again, which a processor that merely did not catch it never meant.
 */
final class RecordCheckpointerAdapter implements RecordCheckpointer {

    private static final Logger LOG = LoggerFactory.getLogger(RecordCheckpointerAdapter.class);

    private final Checkpointer delegate;
    private boolean failing; // a run of storage failures is WARNed once, at its first failure
    private final ExtendedSequenceNumber startSentinel;
    private ExtendedSequenceNumber limit;
    private boolean limitBeforeAnything;

    RecordCheckpointerAdapter(Checkpointer delegate) {
        this(delegate, ExtendedSequenceNumber.trimHorizon());
    }

    /** @param startSentinel what {@link #checkpoint()} reports when nothing may be checkpointed and none exists */
    RecordCheckpointerAdapter(Checkpointer delegate, ExtendedSequenceNumber startSentinel) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.startSentinel = Objects.requireNonNull(startSentinel, "startSentinel");
    }

    /** Checkpoints may go up to {@code position} (inclusive) only; {@code null}: nothing may be checkpointed. */
    void limitTo(ExtendedSequenceNumber position) {
        limit = position;
        limitBeforeAnything = position == null;
    }

    /** No limit beyond the checkpointer's own (the last record delivered). */
    void unlimited() {
        limit = null;
        limitBeforeAnything = false;
    }

    @Override
    public String leaseKey() {
        return delegate.leaseKey();
    }

    @Override
    public CheckpointResult checkpoint() {
        if (limitBeforeAnything) {
            return new CheckpointResult.Ok(delegate.lastCheckpoint().orElse(startSentinel));
        }
        if (limit == null) {
            return outcome(delegate::checkpoint);
        }
        Optional<ExtendedSequenceNumber> last = delegate.lastCheckpoint();
        if (last.isPresent() && !limit.isAfter(last.get())) {
            return new CheckpointResult.Ok(last.get()); // nothing new: no write, the stored state stays
        }
        return outcome(() -> delegate.checkpoint(limit));
    }

    @Override
    public CheckpointResult checkpoint(ExtendedSequenceNumber position) {
        ExtendedSequenceNumber checked = withinLimit(position);
        return outcome(() -> delegate.checkpoint(checked));
    }

    @Override
    public CheckpointResult checkpoint(String sequenceNumber, long subSequenceNumber) {
        return checkpoint(ExtendedSequenceNumber.of(sequenceNumber, subSequenceNumber));
    }

    @Override
    public CheckpointResult checkpoint(ExtendedSequenceNumber position, byte[] state) {
        ExtendedSequenceNumber checked = withinLimit(position);
        return outcome(() -> delegate.checkpoint(checked, state));
    }

    @Override
    public PreparedCheckpoint prepareCheckpoint(ExtendedSequenceNumber position) {
        ExtendedSequenceNumber checked = withinLimit(position);
        return prepared(checked, () -> delegate.prepareCheckpoint(checked));
    }

    @Override
    public PreparedCheckpoint prepareCheckpoint(ExtendedSequenceNumber position, byte[] state) {
        ExtendedSequenceNumber checked = withinLimit(position);
        return prepared(checked, () -> delegate.prepareCheckpoint(checked, state));
    }

    private CheckpointResult outcome(Supplier<CheckpointResult> write) {
        try {
            CheckpointResult result = write.get();
            failing = false;
            return result;
        } catch (CheckpointException e) {
            return failed(e);
        }
    }

    /** Never silent: the first failure of a run is a WARN naming the storage error (no stack trace per retry). */
    private CheckpointResult failed(CheckpointException e) {
        if (!failing) {
            failing = true;
            LOG.warn("checkpoint of lease {} failed because the lease table failed ({}); the processor gets"
                    + " CheckpointResult.Failed and may try again (further failures until one succeeds: DEBUG)",
                    leaseKey(), e.toString());
        } else {
            LOG.debug("checkpoint of lease {} failed again: {}", leaseKey(), e.toString());
        }
        return new CheckpointResult.Failed(leaseKey(), e);
    }

    /** A prepared checkpoint whose prepare and commit report storage failures as {@code Failed}. */
    private PreparedCheckpoint prepared(ExtendedSequenceNumber position, Supplier<PreparedCheckpoint> prepare) {
        PreparedCheckpoint inner;
        try {
            inner = prepare.get();
        } catch (CheckpointException e) {
            CheckpointResult failed = failed(e);
            return new PreparedCheckpoint() {
                @Override
                public ExtendedSequenceNumber position() {
                    return position;
                }

                @Override
                public CheckpointResult prepareResult() {
                    return failed;
                }

                @Override
                public CheckpointResult commit() {
                    return failed;
                }
            };
        }
        return new PreparedCheckpoint() {
            @Override
            public ExtendedSequenceNumber position() {
                return inner.position();
            }

            @Override
            public CheckpointResult prepareResult() {
                return inner.prepareResult();
            }

            @Override
            public CheckpointResult commit() {
                return outcome(inner::commit);
            }
        };
    }

    @Override
    public Optional<ExtendedSequenceNumber> lastCheckpoint() {
        return delegate.lastCheckpoint();
    }

    private ExtendedSequenceNumber withinLimit(ExtendedSequenceNumber position) {
        Objects.requireNonNull(position, "position");
        if ((limitBeforeAnything || (limit != null && position.isAfter(limit))) && !position.isSentinel()) {
            throw new IllegalArgumentException("position " + position + " is beyond what this callback may"
                    + " checkpoint, " + (limitBeforeAnything ? "nothing" : limit) + ": later records of the batch"
                    + " failed or were not given to this call (lease " + leaseKey() + ")");
        }
        return position;
    }

    @Override
    public String toString() {
        return "RecordCheckpointer[" + leaseKey() + "]";
    }
}
