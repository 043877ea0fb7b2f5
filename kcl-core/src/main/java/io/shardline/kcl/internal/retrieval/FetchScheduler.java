package io.shardline.kcl.internal.retrieval;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Where fetchers run their steps and what time it is for them: the small shared executor in production
 * ({@link ExecutorFetchScheduler}), a manual one with virtual time in tests. Thread-safe.
 */
public interface FetchScheduler extends Executor {

    /** Runs {@code task} once after {@code delay} (at once for zero). Tasks after shutdown are dropped. */
    void schedule(Runnable task, Duration delay);

    /** A monotonic time in nanoseconds, for deadlines and latencies. */
    long nanoTime();
}
