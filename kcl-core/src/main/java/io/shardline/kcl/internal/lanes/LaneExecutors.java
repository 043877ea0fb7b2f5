package io.shardline.kcl.internal.lanes;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one lanes processor factory, shared by its shards: {@code shardline-lane-N} (one per busy lane,
 * created on demand) and {@code shardline-lanes-checkpoint-N} (two, for the checkpoint writes). All are daemon
 * threads that end after 30 s idle, so a stopped scheduler leaves none behind; a lane holds a thread only while it
 * has records, so the pool never has more threads than busy lanes.
 */
record LaneExecutors(ExecutorService lanes, ScheduledExecutorService scheduler) {

    private static final long IDLE_SECONDS = 30;

    static LaneExecutors create() {
        ThreadPoolExecutor lanes = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), named("shardline-lane-"));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2,
                named("shardline-lanes-checkpoint-"));
        scheduler.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        scheduler.allowCoreThreadTimeOut(true);
        scheduler.setRemoveOnCancelPolicy(true);
        return new LaneExecutors(lanes, scheduler);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
