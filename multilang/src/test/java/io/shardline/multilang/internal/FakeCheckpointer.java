package io.shardline.multilang.internal;

import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.PreparedCheckpoint;
import io.shardline.kcl.RecordCheckpointer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records checkpoints; rejects one beyond {@code lastDelivered} as the real one does; can report a lost lease. */
final class FakeCheckpointer implements RecordCheckpointer {

    final List<ExtendedSequenceNumber> checkpoints = new CopyOnWriteArrayList<>();
    volatile ExtendedSequenceNumber lastDelivered;
    volatile boolean leaseLost;

    FakeCheckpointer(ExtendedSequenceNumber lastDelivered) {
        this.lastDelivered = lastDelivered;
    }

    @Override
    public String leaseKey() {
        return "shardId-000000000001";
    }

    @Override
    public CheckpointResult checkpoint() {
        return checkpoint(lastDelivered);
    }

    @Override
    public CheckpointResult checkpoint(ExtendedSequenceNumber position) {
        if (leaseLost) {
            return new CheckpointResult.LeaseLost(leaseKey());
        }
        if (!position.isSentinel() && position.isAfter(lastDelivered)) {
            throw new IllegalArgumentException(position + " is beyond the last delivered record " + lastDelivered);
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
        throw new UnsupportedOperationException();
    }

    @Override
    public PreparedCheckpoint prepareCheckpoint(ExtendedSequenceNumber position, byte[] state) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ExtendedSequenceNumber> lastCheckpoint() {
        return checkpoints.isEmpty() ? Optional.empty() : Optional.of(checkpoints.get(checkpoints.size() - 1));
    }
}
