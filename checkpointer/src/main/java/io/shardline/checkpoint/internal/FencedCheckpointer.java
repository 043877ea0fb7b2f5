package io.shardline.checkpoint.internal;

import io.shardline.checkpoint.CheckpointException;
import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.LeaseLostListener;
import io.shardline.checkpoint.PreparedCheckpoint;
import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.WriteResult;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpointer of one lease: every write goes through {@link LeaseStore#checkpoint} conditional on the
 * {@link LeaseToken} this worker acquired. A fenced write turns into {@link CheckpointResult.LeaseLost}, tells the
 * {@link LeaseLostListener} once, and short-circuits every later call (the token can never become current again).
 *
 * <p>Not thread-safe: one callback thread per shard (see {@link io.shardline.checkpoint.Checkpointer}). The positions
 * are volatile only so that monitoring threads reading {@link #lastCheckpoint()} see recent values.
 *
 * <p>No retry here: the lease store retries transient storage errors itself, and a second retry layer would multiply
 * the attempts during an outage.
 */
public final class FencedCheckpointer implements ShardCheckpointer {

    private static final Logger LOG = LoggerFactory.getLogger(FencedCheckpointer.class);

    private final LeaseStore store;
    private final LeaseToken token;
    private final int maxStateBytes;
    private final CheckpointMetrics metrics;
    private final LeaseLostListener onLeaseLost;

    private volatile ExtendedSequenceNumber lastDelivered;
    private volatile ExtendedSequenceNumber lastCommitted;
    private volatile boolean leaseLost;
    private volatile boolean closed;
    private long prepareGeneration;

    FencedCheckpointer(LeaseStore store, LeaseToken token, ExtendedSequenceNumber committed,
                       ExtendedSequenceNumber initialPosition, int maxStateBytes, CheckpointMetrics metrics,
                       LeaseLostListener onLeaseLost) {
        this.store = store;
        this.token = token;
        this.lastCommitted = committed;
        this.lastDelivered = committed != null ? committed : initialPosition;
        this.maxStateBytes = maxStateBytes;
        this.metrics = metrics;
        this.onLeaseLost = onLeaseLost;
    }

    @Override
    public String leaseKey() {
        return token.leaseKey();
    }

    @Override
    public CheckpointResult checkpoint() {
        ensureOpen();
        ExtendedSequenceNumber delivered = lastDelivered;
        if (!leaseLost && delivered.equals(lastCommitted)) {
            // Nothing new since the committed checkpoint: rewriting it without state would delete the state stored
            // with it (typically a shutdownRequested checkpoint right after a stateful one). Also saves the write.
            return new CheckpointResult.Ok(delivered);
        }
        return commit(delivered, null);
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
        validateTarget(position, state);
        return commit(position, state);
    }

    @Override
    public PreparedCheckpoint prepareCheckpoint(ExtendedSequenceNumber position) {
        return prepareCheckpoint(position, null);
    }

    @Override
    public PreparedCheckpoint prepareCheckpoint(ExtendedSequenceNumber position, byte[] state) {
        validateTarget(position, state);
        long generation = ++prepareGeneration;
        CheckpointResult result = write(position, CheckpointUpdate.prepare(position.toCheckpoint(), state), false);
        return new Prepared(position, state == null ? null : state.clone(), result, generation);
    }

    @Override
    public Optional<ExtendedSequenceNumber> lastCheckpoint() {
        return Optional.ofNullable(lastCommitted);
    }

    @Override
    public void recordDelivered(ExtendedSequenceNumber position) {
        Objects.requireNonNull(position, "position");
        if (position.isSentinel()) {
            throw new IllegalArgumentException("a delivered record has a real sequence number, was " + position
                    + " (lease " + leaseKey() + ")");
        }
        if (position.isAfter(lastDelivered)) {
            lastDelivered = position;
        }
    }

    @Override
    public void shardEnded() {
        lastDelivered = ExtendedSequenceNumber.shardEnd();
    }

    @Override
    public boolean isLeaseLost() {
        return leaseLost;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            metrics.close();
        }
    }

    private void validateTarget(ExtendedSequenceNumber position, byte[] state) {
        Objects.requireNonNull(position, "position");
        if (state != null && state.length > maxStateBytes) {
            throw new IllegalArgumentException("state of " + state.length + " bytes exceeds maxStateBytes "
                    + maxStateBytes + " (lease " + leaseKey() + ")");
        }
        if (position.isStartingPosition()) {
            throw new IllegalArgumentException(position + " is a starting position, not a checkpoint (lease "
                    + leaseKey() + ")");
        }
        ensureOpen();
        ExtendedSequenceNumber delivered = lastDelivered;
        if (position.isAfter(delivered)) {
            if (position.isShardEnd()) {
                throw new IllegalArgumentException("SHARD_END can only be checkpointed once the shard ended and all"
                        + " its records were delivered; last delivered is " + delivered + " (lease " + leaseKey() + ")");
            }
            throw new IllegalArgumentException("position " + position + " is beyond the last record delivered to"
                    + " the processor, " + delivered + " (lease " + leaseKey() + ")");
        }
    }

    private CheckpointResult commit(ExtendedSequenceNumber position, byte[] state) {
        return write(position, CheckpointUpdate.commit(position.toCheckpoint(), state), true);
    }

    private CheckpointResult write(ExtendedSequenceNumber position, CheckpointUpdate update, boolean commits) {
        if (leaseLost) {
            return new CheckpointResult.LeaseLost(leaseKey());
        }
        ExtendedSequenceNumber committed = lastCommitted;
        if (committed != null && position.isBefore(committed)) {
            LOG.debug("Stale checkpoint {} of lease {} rejected: last checkpoint is {}", position, leaseKey(),
                    committed);
            return new CheckpointResult.Stale(position, committed);
        }
        WriteResult result = metrics.timeWrite(() -> storeWrite(update));
        if (result instanceof WriteResult.Fenced) {
            return fenced();
        }
        if (commits) {
            lastCommitted = position;
        }
        return new CheckpointResult.Ok(position);
    }

    private WriteResult storeWrite(CheckpointUpdate update) {
        try {
            return store.checkpoint(token, update);
        } catch (LeaseStoreException e) {
            metrics.failed();
            throw new CheckpointException(leaseKey(), "checkpoint write to table " + e.table() + " failed: "
                    + e.getMessage(), e.isRetryable(), e);
        }
    }

    private CheckpointResult fenced() {
        leaseLost = true;
        metrics.fenced();
        LOG.info("Lease {} lost: checkpoint write fenced, owner {} with counter {} is no longer current",
                leaseKey(), token.owner(), token.counter());
        try {
            onLeaseLost.leaseLost(leaseKey());
        } catch (RuntimeException e) {
            LOG.warn("Lease-lost listener of lease {} failed: {}", leaseKey(), e.toString());
        }
        return new CheckpointResult.LeaseLost(leaseKey());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("checkpointer of lease " + leaseKey() + " is closed");
        }
    }

    /** A pending checkpoint of this lease; commits through the owning checkpointer. */
    private final class Prepared implements PreparedCheckpoint {

        private final ExtendedSequenceNumber position;
        private final byte[] state;
        private final CheckpointResult prepareResult;
        private final long generation;
        private boolean committed;

        Prepared(ExtendedSequenceNumber position, byte[] state, CheckpointResult prepareResult, long generation) {
            this.position = position;
            this.state = state;
            this.prepareResult = prepareResult;
            this.generation = generation;
        }

        @Override
        public ExtendedSequenceNumber position() {
            return position;
        }

        @Override
        public CheckpointResult prepareResult() {
            return prepareResult;
        }

        @Override
        public CheckpointResult commit() {
            ensureOpen();
            if (committed) {
                throw new IllegalStateException("prepared checkpoint " + position + " of lease " + leaseKey()
                        + " was already committed");
            }
            if (generation != prepareGeneration) {
                throw new IllegalStateException("prepared checkpoint " + position + " of lease " + leaseKey()
                        + " was replaced by a later prepareCheckpoint");
            }
            committed = true;
            if (!prepareResult.isOk()) {
                return prepareResult;
            }
            return FencedCheckpointer.this.commit(position, state);
        }
    }
}
