package io.shardline.kcl.testing;

import io.shardline.checkpoint.CheckpointException;
import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.PreparedCheckpoint;
import io.shardline.kcl.RecordCheckpointer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link RecordCheckpointer} for processor unit tests: records every checkpoint, and, like the real one, rejects a
 * position beyond the last record delivered (when told which that is); can lose the lease
 * ({@link CheckpointResult.LeaseLost} from then on) and fail the next writes ({@link CheckpointResult.Failed}, a
 * retryable "table down"). {@link #checkpoint()} checkpoints the last delivered record, or {@code SHARD_END} when no
 * bound was set. Prepared checkpoints are not supported. Thread-safe.
 */
public final class RecordingCheckpointer implements RecordCheckpointer {

    private final String leaseKey;
    private final List<ExtendedSequenceNumber> checkpoints = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile ExtendedSequenceNumber lastDelivered;
    private volatile boolean leaseLost;

    private RecordingCheckpointer(String leaseKey) {
        this.leaseKey = Objects.requireNonNull(leaseKey, "leaseKey");
    }

    /** A checkpointer of {@code leaseKey} with nothing recorded and no bound. */
    public static RecordingCheckpointer of(String leaseKey) {
        return new RecordingCheckpointer(leaseKey);
    }

    /** From now on positions after {@code position} are rejected, and {@link #checkpoint()} writes it. */
    public RecordingCheckpointer lastDelivered(ExtendedSequenceNumber position) {
        this.lastDelivered = position;
        return this;
    }

    /** Every later write answers {@link CheckpointResult.LeaseLost}. */
    public void loseLease() {
        leaseLost = true;
    }

    /** The next {@code writes} writes answer {@link CheckpointResult.Failed} and record nothing. */
    public void failNext(int writes) {
        failuresLeft.set(writes);
    }

    /** The positions written, in order. */
    public List<ExtendedSequenceNumber> checkpoints() {
        return List.copyOf(checkpoints);
    }

    /** The positions written, as strings ({@code "1002"}, {@code "SHARD_END"}), in order. */
    public List<String> positions() {
        return checkpoints.stream().map(ExtendedSequenceNumber::toString).toList();
    }

    @Override
    public String leaseKey() {
        return leaseKey;
    }

    @Override
    public CheckpointResult checkpoint() {
        ExtendedSequenceNumber bound = lastDelivered;
        return checkpoint(bound != null ? bound : ExtendedSequenceNumber.shardEnd());
    }

    @Override
    public CheckpointResult checkpoint(ExtendedSequenceNumber position) {
        if (leaseLost) {
            return new CheckpointResult.LeaseLost(leaseKey);
        }
        ExtendedSequenceNumber bound = lastDelivered;
        if (bound != null && !position.isSentinel() && position.isAfter(bound)) {
            throw new IllegalArgumentException(position + " is beyond the last delivered record " + bound);
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new CheckpointResult.Failed(leaseKey, new CheckpointException(leaseKey, "table down", true, null));
        }
        checkpoints.add(position);
        return new CheckpointResult.Ok(position);
    }

    @Override
    public CheckpointResult checkpoint(String sequenceNumber, long subSequenceNumber) {
        return checkpoint(ExtendedSequenceNumber.of(sequenceNumber, subSequenceNumber));
    }

    @Override
    public CheckpointResult checkpoint(ExtendedSequenceNumber position, byte[] state) {
        return checkpoint(position);
    }

    @Override
    public PreparedCheckpoint prepareCheckpoint(ExtendedSequenceNumber position) {
        throw new UnsupportedOperationException("RecordingCheckpointer does not prepare checkpoints");
    }

    @Override
    public PreparedCheckpoint prepareCheckpoint(ExtendedSequenceNumber position, byte[] state) {
        throw new UnsupportedOperationException("RecordingCheckpointer does not prepare checkpoints");
    }

    @Override
    public Optional<ExtendedSequenceNumber> lastCheckpoint() {
        List<ExtendedSequenceNumber> all = checkpoints;
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
