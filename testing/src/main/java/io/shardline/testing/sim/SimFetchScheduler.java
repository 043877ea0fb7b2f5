package io.shardline.testing.sim;

import io.shardline.kcl.internal.retrieval.FetchScheduler;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** kcl-core's fetch scheduler on one worker's {@link VirtualExecutor}: fetch steps on virtual time. */
final class SimFetchScheduler implements FetchScheduler {

    private final VirtualExecutor executor;
    private final VirtualScheduler scheduler;

    SimFetchScheduler(VirtualExecutor executor, VirtualScheduler scheduler) {
        this.executor = executor;
        this.scheduler = scheduler;
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, Duration.ZERO);
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
        try {
            executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // as ExecutorFetchScheduler: tasks after shutdown are dropped
        }
    }

    @Override
    public long nanoTime() {
        return scheduler.now();
    }
}
