package io.shardline.kcl.internal.consumer;

import io.shardline.lease.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A single-threaded executor and timer on a virtual clock, for tests: nothing runs until {@link #runUntilIdle()}, which
 * runs every due task on the caller's thread in (time, submission) order, jumping the clock to each timer's time.
 * {@link #time()} is the matching {@link Time}. Not thread-safe: one test thread drives it.
 */
final class VirtualExecutor extends AbstractExecutorService implements ScheduledExecutorService {

    private record Task(long at, long seq, Runnable body) { }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.at() != b.at()
            ? Long.compare(a.at(), b.at()) : Long.compare(a.seq(), b.seq()));
    private long now;
    private long seq;
    private long ran;
    private boolean shutdown;

    Time time() {
        return Time.of(() -> now, () -> Instant.EPOCH.plusNanos(now));
    }

    long nanoTime() {
        return now;
    }

    long tasksRun() {
        return ran;
    }

    /** Runs tasks (and timers, moving the clock) until none is left; at most {@code 100_000} tasks. */
    void runUntilIdle() {
        for (int i = 0; i < 100_000; i++) {
            Task next = queue.poll();
            if (next == null) {
                return;
            }
            now = Math.max(now, next.at());
            ran++;
            next.body().run();
        }
        throw new AssertionError("still busy after 100000 tasks");
    }

    /** Runs every task due up to {@code duration} from now (timers included), then moves the clock there. */
    void runFor(Duration duration) {
        long until = now + duration.toNanos();
        for (int i = 0; i < 100_000; i++) {
            Task next = queue.peek();
            if (next == null || next.at() - until > 0) {
                now = until;
                return;
            }
            queue.poll();
            now = Math.max(now, next.at());
            ran++;
            next.body().run();
        }
        throw new AssertionError("still busy after 100000 tasks");
    }

    @Override
    public void execute(Runnable command) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        queue.add(new Task(now, seq++, command));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        Task task = new Task(now + unit.toNanos(Math.max(0, delay)), seq++, command);
        queue.add(task);
        return new Handle(task);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
            TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>();
        queue.forEach(t -> left.add(t.body()));
        queue.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Handle implements ScheduledFuture<Object> {
        private final Task task;
        private boolean cancelled;

        Handle(Task task) {
            this.task = task;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(task.at() - now, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = queue.remove(task);
            return cancelled;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled || !queue.contains(task);
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("a virtual-time test never blocks on a task");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("a virtual-time test never blocks on a task");
        }
    }
}
