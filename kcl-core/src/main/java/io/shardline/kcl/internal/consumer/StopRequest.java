package io.shardline.kcl.internal.consumer;

/**
 * A stop of a {@link ShardConsumer} asked for from outside a step (or found by one); a stronger one replaces a weaker
 * one ({@link #stronger}), in one atomic reference written by any thread.
 */
enum StopRequest {
    /** A graceful handoff: {@code shutdownRequested}, then the coordinator completes the handoff. */
    REQUESTED,
    /** The coordinator dropped the lease: {@code leaseLost}. */
    LEASE_LOST,
    /**
     * A checkpoint was fenced, the lease was found under another token, or the fence deadline passed:
     * {@code leaseLost}, then the coordinator is told ({@code reportFenced}).
     */
    FENCED;

    static StopRequest stronger(StopRequest a, StopRequest b) {
        return a == null || (b != null && b.ordinal() > a.ordinal()) ? b : a;
    }

    /** The reason the processor's last callback sees. */
    ShutdownReason reason() {
        return this == REQUESTED ? ShutdownReason.REQUESTED : ShutdownReason.LEASE_LOST;
    }
}
