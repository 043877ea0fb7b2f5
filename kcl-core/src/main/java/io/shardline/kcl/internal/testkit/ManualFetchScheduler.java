package io.shardline.kcl.internal.testkit;

import io.shardline.kcl.internal.retrieval.FetchScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link FetchScheduler} with virtual time: nothing runs until the test calls {@link #runDue()} or
 * {@link #advance(Duration)}. Records the delay of every scheduled task so tests can assert the fetcher's pacing.
 * Single-threaded use.
 */
public final class ManualFetchScheduler implements FetchScheduler {

    private static final int MAX_TASKS_PER_RUN = 100_000;

    private record Task(long dueNanos, long order, Runnable runnable) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
            ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.order, b.order));
    private final List<Duration> scheduledDelays = new ArrayList<>();
    private long now;
    private long order;

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        long delayNanos = Math.max(0, delay.toNanos());
        if (delayNanos > 0) {
            scheduledDelays.add(delay);
        }
        tasks.add(new Task(now + delayNanos, order++, task));
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, Duration.ZERO);
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** Runs every task due now, including those they schedule for now; returns how many ran. */
    public int runDue() {
        int ran = 0;
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.dueNanos > now) {
                    return ran;
                }
                tasks.poll();
            }
            next.runnable.run();
            if (++ran > MAX_TASKS_PER_RUN) {
                throw new AssertionError("more than " + MAX_TASKS_PER_RUN + " tasks due at once: a busy loop?");
            }
        }
    }

    /** Moves time forward by {@code duration}, running each task when its time comes. */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = now + duration.toNanos();
        }
        runDue();
        while (true) {
            synchronized (this) {
                Task next = tasks.peek();
                if (next == null || next.dueNanos > target) {
                    now = target;
                    break;
                }
                now = next.dueNanos;
            }
            runDue();
        }
        runDue();
    }

    /** The delay until the next pending task, or {@code null} when none is pending. */
    public synchronized Duration nextTaskDelay() {
        Task next = tasks.peek();
        return next == null ? null : Duration.ofNanos(next.dueNanos - now);
    }

    public synchronized int pendingTasks() {
        return tasks.size();
    }

    /** Every positive delay asked for so far, in order. */
    public synchronized List<Duration> scheduledDelays() {
        return List.copyOf(scheduledDelays);
    }

    public synchronized void clearScheduledDelays() {
        scheduledDelays.clear();
    }
}
