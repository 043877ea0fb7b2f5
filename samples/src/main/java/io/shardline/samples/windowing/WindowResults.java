package io.shardline.samples.windowing;

import java.util.List;

/**
 * Where closed windows go. {@link #write} must be idempotent (the same window of the same shard may be written again
 * after a failover, with the same values) and return only once the results are durable.
 */
@FunctionalInterface
public interface WindowResults {

    void write(String shardId, List<ClosedWindow> windows);
}
