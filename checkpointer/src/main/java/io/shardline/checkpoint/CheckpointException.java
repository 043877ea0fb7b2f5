package io.shardline.checkpoint;

import java.util.Objects;

/**
 * A checkpoint could not be written because the lease table failed (throttling, outage, missing permissions), after
 * the lease store's own retries. Whether the write was applied is unknown; the committed position the checkpointer
 * tracks is left unchanged, and retrying the same checkpoint is safe (the write is idempotent under the same fence).
 * A lost lease is never this exception: see {@link CheckpointResult.LeaseLost}.
 */
public class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String leaseKey;
    private final boolean retryable;

    /** A failed checkpoint write of {@code leaseKey}; {@code retryable} when trying again may succeed. */
    public CheckpointException(String leaseKey, String message, boolean retryable, Throwable cause) {
        super(message + " (leaseKey=" + Objects.requireNonNull(leaseKey, "leaseKey")
                + (retryable ? ", retryable" : ", fatal") + ")", cause);
        this.leaseKey = leaseKey;
        this.retryable = retryable;
    }

    /** The lease whose checkpoint failed. */
    public String leaseKey() {
        return leaseKey;
    }

    /** True when the storage failure was transient (a later checkpoint may succeed). */
    public boolean isRetryable() {
        return retryable;
    }
}
