package io.shardline.samples.counting;

import java.util.Map;

/**
 * Where a shard's counts go before its checkpoint. {@link #add} must return only once the counts are durable: the
 * processor checkpoints right after it.
 */
@FunctionalInterface
public interface CountSink {

    /** A sink that keeps nothing (counts are only printed). */
    CountSink NONE = (shardId, deltas) -> { };

    /** Adds {@code deltas} (key to number of records since the previous call) counted on {@code shardId}. */
    void add(String shardId, Map<String, Long> deltas);
}
