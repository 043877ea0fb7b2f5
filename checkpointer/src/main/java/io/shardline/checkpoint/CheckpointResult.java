package io.shardline.checkpoint;

import java.util.Objects;

/**
 * Outcome of a checkpoint. Losing the lease is an outcome, not an exception: a zombie worker learns it from
 * {@link LeaseLost} and stops. Storage failures (after the lease store's own retries) are
 * {@link CheckpointException}s; programming errors (a position beyond the last delivered record, a too-big state)
 * are {@link IllegalArgumentException}s.
 */
public sealed interface CheckpointResult {

    /**
     * The write was applied: {@code position} is now the committed checkpoint of the lease (or, for
     * {@link PreparedCheckpoint#prepareResult()}, its pending checkpoint).
     */
    record Ok(ExtendedSequenceNumber position) implements CheckpointResult {
        public Ok {
            Objects.requireNonNull(position, "position");
        }
    }

    /**
     * The fenced write failed: another worker owns the lease now (or its counter moved, or the row is gone). Nothing
     * was written; the processor must stop working on the shard. Every later call returns this again without a
     * write.
     */
    record LeaseLost(String leaseKey) implements CheckpointResult {
        public LeaseLost {
            Objects.requireNonNull(leaseKey, "leaseKey");
        }
    }

    /**
     * {@code requested} is behind {@code lastCheckpoint}: rejected without a write, because checkpoints never move
     * backwards. Harmless (the committed checkpoint already covers it), usually a late or duplicate call.
     */
    record Stale(ExtendedSequenceNumber requested, ExtendedSequenceNumber lastCheckpoint) implements CheckpointResult {
        public Stale {
            Objects.requireNonNull(requested, "requested");
            Objects.requireNonNull(lastCheckpoint, "lastCheckpoint");
        }
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    default boolean isLeaseLost() {
        return this instanceof LeaseLost;
    }

    default boolean isStale() {
        return this instanceof Stale;
    }
}
