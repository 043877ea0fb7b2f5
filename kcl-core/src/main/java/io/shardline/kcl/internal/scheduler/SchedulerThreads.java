package io.shardline.kcl.internal.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executors a {@link DefaultScheduler} owns, from its {@link WorkerRuntime} (made in this order): the processing
 * pool ({@code shardline-process-N}, bounded, shared by all shards), one timer ({@code shardline-consumer-timer-N}:
 * only posts retries and re-checks) and one shard-sync thread ({@code shardline-shard-sync-N}: blocking ListShards and
 * lease writes, the status item). The lease coordinator's thread is the coordinator's own.
 */
final class SchedulerThreads {

    /** Logs under {@code DefaultScheduler}, as before the split (log filters and docs/multilang.md name it). */
    private static final Logger LOG = LoggerFactory.getLogger(DefaultScheduler.class);

    private final boolean threaded;
    private final ExecutorService processingPool;
    private final ScheduledExecutorService timer;
    private final ScheduledExecutorService syncThread;

    SchedulerThreads(WorkerRuntime runtime, int processingThreads) {
        this.threaded = runtime.threaded();
        this.processingPool = runtime.processingPool(processingThreads);
        this.timer = runtime.singleThread("shardline-consumer-timer");
        this.syncThread = runtime.singleThread("shardline-shard-sync");
    }

    ExecutorService processingPool() {
        return processingPool;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    ScheduledExecutorService syncThread() {
        return syncThread;
    }

    /** Stops all three: the pool lets queued callbacks run, the timer and the sync thread drop their tasks. */
    void shutdown() {
        processingPool.shutdown();
        timer.shutdownNow();
        syncThread.shutdownNow();
    }

    /** On the scheduler's own threads only: waits up to {@code grace} for each executor to end after stopping it. */
    void awaitTermination(Duration grace, String workerId) {
        if (!threaded) {
            return;
        }
        for (ExecutorService executor : List.of(processingPool, timer, syncThread)) {
            try {
                if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("{}: a thread of the scheduler still runs {} after stopping", workerId, grace);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
