package io.shardline.kcl.internal.retrieval;

import java.time.Duration;

/**
 * Decides when a fan-out fetcher checks, with one polling call, whether its shard ended without Kinesis saying so:
 * after the subscription delivered only empty, caught-up events for {@code interval}, and then at most once per
 * {@code interval}. Kinesis reports a shard's end in the subscription's last event (child shards, no continuation);
 * kinesis-mock 0.6.2 never does, and a consumer that never sees its parent end never starts the children.
 *
 * <p>Not thread-safe: used on one fetcher's serial executor.
 */
final class ShardEndProbe {

    private final long intervalNanos;
    private long idleSinceNanos = -1;
    private boolean inFlight;

    ShardEndProbe(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Notes an event; true when a probe should start now (the caller then calls {@link #finished}). */
    boolean shouldProbe(boolean idleEvent, long nowNanos) {
        if (intervalNanos == 0 || !idleEvent) {
            idleSinceNanos = -1;
            return false;
        }
        if (idleSinceNanos < 0) {
            idleSinceNanos = nowNanos;
            return false;
        }
        if (inFlight || nowNanos - idleSinceNanos < intervalNanos) {
            return false;
        }
        inFlight = true;
        return true;
    }

    /** A probe finished without finding the end: wait a whole interval before the next one. */
    void finished(long nowNanos) {
        inFlight = false;
        idleSinceNanos = nowNanos;
    }
}
