package io.shardline.lease;

import java.util.Objects;

/**
 * A checkpoint as stored in the lease table: the {@code checkpoint} string (a sequence number or a sentinel such as
 * {@code TRIM_HORIZON} / {@code SHARD_END}) and {@code checkpointSubSequenceNumber}. Opaque at this layer; the
 * checkpointer module gives it meaning and ordering.
 */
public record Checkpoint(String value, long subSequenceNumber) {

    /** The sentinel written when a shard has been fully processed (KCL's name). */
    public static final String SHARD_END = "SHARD_END";

    /** Checks the components (non-null where the record description does not say otherwise). */
    public Checkpoint {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("checkpoint value must not be blank");
        }
        if (subSequenceNumber < 0) {
            throw new IllegalArgumentException("subSequenceNumber must be >= 0, was " + subSequenceNumber);
        }
    }

    /** The checkpoint stored as {@code value} (a sequence number or a sentinel). */
    public static Checkpoint of(String value) {
        return new Checkpoint(value, 0);
    }

    /** True for the {@code SHARD_END} sentinel: the shard is finished. */
    public boolean isShardEnd() {
        return SHARD_END.equals(value);
    }

    @Override
    public String toString() {
        return subSequenceNumber == 0 ? value : value + "/" + subSequenceNumber;
    }
}
