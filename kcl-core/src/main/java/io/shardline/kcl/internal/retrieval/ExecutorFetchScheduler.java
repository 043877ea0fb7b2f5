package io.shardline.kcl.internal.retrieval;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FetchScheduler} of a fetcher factory: a few named daemon threads ({@code shardline-fetch-N}) shared by
 * every fetcher of the factory. Fetch steps never block, so a few threads serve thousands of shards. Owned by the
 * factory, which {@linkplain #shutdown() shuts it down}. Thread-safe.
 */
public final class ExecutorFetchScheduler implements FetchScheduler {

    private static final Logger log = LoggerFactory.getLogger(ExecutorFetchScheduler.class);
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final ScheduledThreadPoolExecutor executor;

    public ExecutorFetchScheduler(int threads) {
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "shardline-fetch-" + THREAD_NUMBER.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = new ScheduledThreadPoolExecutor(threads, factory);
        this.executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, Duration.ZERO);
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
        Runnable guarded = () -> runGuarded(task);
        try {
            if (delay.isZero() || delay.isNegative()) {
                executor.execute(guarded);
            } else {
                executor.schedule(guarded, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (RejectedExecutionException e) {
            log.debug("fetch task dropped: the scheduler is shut down");
        }
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Stops the threads; tasks not yet run are dropped. */
    public void shutdown() {
        executor.shutdownNow();
        if (Thread.currentThread().getName().startsWith("shardline-fetch-")) {
            return; // cannot wait for its own thread
        }
        try {
            if (!executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                log.warn("a shardline-fetch thread still runs 10 s after the shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            // A bug in a fetch step must not kill a shared thread silently.
            log.error("fetch task failed", e);
            if (e instanceof Error error) {
                throw error;
            }
        }
    }
}
