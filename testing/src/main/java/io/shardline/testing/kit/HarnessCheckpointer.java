package io.shardline.testing.kit;

import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.Checkpointer;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.PreparedCheckpoint;
import io.shardline.kcl.RecordCheckpointer;
import java.util.Optional;

/** The processor's {@link RecordCheckpointer} over a real checkpointer, as the scheduler hands it out. */
final class HarnessCheckpointer implements RecordCheckpointer {

    private final Checkpointer delegate;

    HarnessCheckpointer(Checkpointer delegate) {
        this.delegate = delegate;
    }

    @Override
    public String leaseKey() {
        return delegate.leaseKey();
    }

    @Override
    public CheckpointResult checkpoint() {
        return delegate.checkpoint();
    }

    @Override
    public CheckpointResult checkpoint(ExtendedSequenceNumber position) {
        return delegate.checkpoint(position);
    }

    @Override
    public CheckpointResult checkpoint(String sequenceNumber, long subSequenceNumber) {
        return delegate.checkpoint(sequenceNumber, subSequenceNumber);
    }

    @Override
    public CheckpointResult checkpoint(ExtendedSequenceNumber position, byte[] state) {
        return delegate.checkpoint(position, state);
    }

    @Override
    public PreparedCheckpoint prepareCheckpoint(ExtendedSequenceNumber position) {
        return delegate.prepareCheckpoint(position);
    }

    @Override
    public PreparedCheckpoint prepareCheckpoint(ExtendedSequenceNumber position, byte[] state) {
        return delegate.prepareCheckpoint(position, state);
    }

    @Override
    public Optional<ExtendedSequenceNumber> lastCheckpoint() {
        return delegate.lastCheckpoint();
    }
}
