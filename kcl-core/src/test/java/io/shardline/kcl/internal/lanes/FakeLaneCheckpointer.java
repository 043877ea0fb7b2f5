package io.shardline.kcl.internal.lanes;

import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.PreparedCheckpoint;
import io.shardline.kcl.RecordCheckpointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A thread-safe in-memory checkpointer: remembers every write (position and state), can lose the lease, and fails
 * loudly when two threads use it at once (the lanes must serialize their writes).
 */
final class FakeLaneCheckpointer implements RecordCheckpointer {

    /** One write. */
    record Write(ExtendedSequenceNumber position, byte[] state) {
    }

    private final List<Write> writes = new ArrayList<>();
    private volatile boolean leaseLost;
    private volatile boolean inUse;
    private volatile boolean failing;
    private final java.util.concurrent.atomic.AtomicInteger failedAttempts = new java.util.concurrent.atomic.AtomicInteger();

    /** While on, every write returns {@link CheckpointResult.Failed} (the lease table is down) and records nothing. */
    void failWrites(boolean on) {
        failing = on;
    }

    int failedAttempts() {
        return failedAttempts.get();
    }

    synchronized List<Write> writes() {
        return List.copyOf(writes);
    }

    synchronized Write last() {
        return writes.isEmpty() ? null : writes.get(writes.size() - 1);
    }

    void loseLease() {
        leaseLost = true;
    }

    @Override
    public String leaseKey() {
        return "shardId-0";
    }

    @Override
    public CheckpointResult checkpoint() {
        return checkpoint(ExtendedSequenceNumber.shardEnd(), null);
    }

    @Override
    public CheckpointResult checkpoint(ExtendedSequenceNumber position) {
        return checkpoint(position, null);
    }

    @Override
    public CheckpointResult checkpoint(String sequenceNumber, long subSequenceNumber) {
        return checkpoint(ExtendedSequenceNumber.of(sequenceNumber, subSequenceNumber), null);
    }

    @Override
    public CheckpointResult checkpoint(ExtendedSequenceNumber position, byte[] state) {
        if (inUse) {
            throw new AssertionError("checkpointer used by two threads at once");
        }
        inUse = true;
        try {
            if (leaseLost) {
                return new CheckpointResult.LeaseLost(leaseKey());
            }
            if (failing) {
                failedAttempts.incrementAndGet();
                return new CheckpointResult.Failed(leaseKey(),
                        new io.shardline.checkpoint.CheckpointException(leaseKey(), "table down", true, null));
            }
            synchronized (this) {
                writes.add(new Write(position, state));
            }
            return new CheckpointResult.Ok(position);
        } finally {
            inUse = false;
        }
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
    public synchronized Optional<ExtendedSequenceNumber> lastCheckpoint() {
        return writes.isEmpty() ? Optional.empty() : Optional.of(writes.get(writes.size() - 1).position());
    }
}
