package io.shardline.checkpoint;

import java.util.Objects;

/**
 * Outcome of a checkpoint. Losing the lease is an outcome, not an exception: a zombie worker learns it from
 * {@link LeaseLost} and stops. Programming errors (a position beyond the last delivered record, a too-big state) are
 * {@link IllegalArgumentException}s.
 *
 * <p><b>Storage failures</b> (the lease table throttled or down, after the lease store's own retries): the checkpointer
 * a record processor gets ({@code io.shardline.kcl.RecordCheckpointer}) returns them as {@link Failed} and never
 * throws {@link CheckpointException}, so a processor that ignores the result goes on with its batch and the next
 * checkpoint covers these records; nothing is re-delivered by accident. The library's own {@link ShardCheckpointer}
 * throws {@link CheckpointException} instead.
 *
 * <pre>{@code
 * CheckpointResult result = checkpointer.checkpoint(record);
 * if (result.isLeaseLost()) {
 *     return;                      // another worker owns the shard now: stop working on it
 * }
 * if (result instanceof CheckpointResult.Failed failed) {
 *     log.warn("checkpoint not written, the next one covers it", failed.error());
 * }
 * }</pre>
 */
public sealed interface CheckpointResult {

    /**
     * The write was applied: {@code position} is now the committed checkpoint of the lease (or, for
     * {@link PreparedCheckpoint#prepareResult()}, its pending checkpoint).
     */
    record Ok(ExtendedSequenceNumber position) implements CheckpointResult {
        /** Rejects a null position. */
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
        /** Rejects a null lease key. */
        public LeaseLost {
            Objects.requireNonNull(leaseKey, "leaseKey");
        }
    }

    /**
     * {@code requested} is behind {@code lastCheckpoint}: rejected without a write, because checkpoints never move
     * backwards. Harmless (the committed checkpoint already covers it), usually a late or duplicate call.
     */
    record Stale(ExtendedSequenceNumber requested, ExtendedSequenceNumber lastCheckpoint) implements CheckpointResult {
        /** Rejects null values. */
        public Stale {
            Objects.requireNonNull(requested, "requested");
            Objects.requireNonNull(lastCheckpoint, "lastCheckpoint");
        }
    }

    /**
     * The lease table could not be written (throttled or down, after the store's retries): nothing was written, the
     * lease is still held, the committed checkpoint did not move. The records stay processed; the next checkpoint
     * covers them. Retrying at once is allowed but rarely useful.
     *
     * @param leaseKey the lease
     * @param error    what the store reported
     */
    record Failed(String leaseKey, CheckpointException error) implements CheckpointResult {
        /** Rejects null values. */
        public Failed {
            Objects.requireNonNull(leaseKey, "leaseKey");
            Objects.requireNonNull(error, "error");
        }
    }

    /** True for {@link Ok}: the checkpoint was written. */
    default boolean isOk() {
        return this instanceof Ok;
    }

    /** True for {@link LeaseLost}: stop working on the shard. */
    default boolean isLeaseLost() {
        return this instanceof LeaseLost;
    }

    /** True for {@link Stale}: behind the committed checkpoint, nothing written. */
    default boolean isStale() {
        return this instanceof Stale;
    }

    /** True for {@link Failed}: a storage failure, nothing written; the next checkpoint covers these records. */
    default boolean isFailed() {
        return this instanceof Failed;
    }
}
