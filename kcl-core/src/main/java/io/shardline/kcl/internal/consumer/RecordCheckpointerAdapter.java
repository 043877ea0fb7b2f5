package io.shardline.kcl.internal.consumer;

import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.Checkpointer;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.PreparedCheckpoint;
import io.shardline.kcl.RecordCheckpointer;
import java.util.Objects;
import java.util.Optional;

/**
 * The processor's view of a shard's checkpointer: every {@link Checkpointer} call, plus checkpointing at a record,
 * and none of the consumer-side methods ({@code recordDelivered}, {@code shardEnded}, {@code close}).
 */
final class RecordCheckpointerAdapter implements RecordCheckpointer {

    private final Checkpointer delegate;

    RecordCheckpointerAdapter(Checkpointer delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
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

    @Override
    public String toString() {
        return "RecordCheckpointer[" + leaseKey() + "]";
    }
}
