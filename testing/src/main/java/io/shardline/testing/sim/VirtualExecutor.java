package io.shardline.testing.sim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} of one owner on the {@link VirtualScheduler}: tasks run on the simulation's
 * thread at their virtual due time. {@code shutdown} refuses new tasks and drops periodic ones (queued one-shot tasks
 * still run, as {@code ScheduledThreadPoolExecutor}'s defaults); {@code shutdownNow} drops everything (a crash).
 * Nothing here ever blocks: {@code awaitTermination} answers at once.
 */
public final class VirtualExecutor extends AbstractExecutorService implements ScheduledExecutorService {

    private final VirtualScheduler scheduler;
    private final String owner;
    private final String name;
    private final Set<VirtualScheduler.Task> pending = new LinkedHashSet<>();
    private boolean shutdown;

    VirtualExecutor(VirtualScheduler scheduler, String owner, String name) {
        this.scheduler = scheduler;
        this.owner = owner;
        this.name = name;
    }

    public String owner() {
        return owner;
    }

    public String name() {
        return name;
    }

    void finished(VirtualScheduler.Task task) {
        pending.remove(task);
    }

    private VirtualScheduler.Task submitTask(Runnable body, long delayNanos) {
        if (shutdown) {
            throw new RejectedExecutionException(owner + "/" + name + " is shut down");
        }
        VirtualScheduler.Task task = scheduler.schedule(this, body, delayNanos);
        pending.add(task);
        return task;
    }

    @Override
    public void execute(Runnable command) {
        submitTask(command, 0);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        VirtualFuture<Object> future = new VirtualFuture<>();
        future.task = submitTask(() -> future.complete(() -> {
            command.run();
            return null;
        }), unit.toNanos(delay));
        return future;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        VirtualFuture<V> future = new VirtualFuture<>();
        future.task = submitTask(() -> future.complete(callable), unit.toNanos(delay));
        return future;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return periodic(command, unit.toNanos(initialDelay), unit.toNanos(period));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return periodic(command, unit.toNanos(initialDelay), unit.toNanos(delay));
    }

    private ScheduledFuture<?> periodic(Runnable command, long initialNanos, long periodNanos) {
        VirtualFuture<Object> future = new VirtualFuture<>();
        future.periodic = true;
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            if (future.isCancelled() || shutdown) {
                return;
            }
            try {
                command.run();
            } catch (RuntimeException e) {
                future.fail(e); // as ScheduledThreadPoolExecutor: an exception ends the repetition
                return;
            }
            if (!shutdown && !future.isCancelled()) {
                future.task = submitTask(step[0], periodNanos);
            }
        };
        future.task = submitTask(step[0], initialNanos);
        return future;
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> dropped = new ArrayList<>();
        pending.forEach(t -> {
            t.cancelled = true;
            dropped.add(t.body);
        });
        pending.clear();
        return dropped;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && pending.stream().allMatch(t -> t.cancelled);
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    @Override
    public String toString() {
        return "VirtualExecutor{" + owner + "/" + name + "}";
    }

    /** The future of a scheduled task. */
    private final class VirtualFuture<V> implements ScheduledFuture<V> {
        VirtualScheduler.Task task;
        boolean periodic;
        private boolean cancelled;
        private boolean done;
        private V value;
        private Throwable failure;

        void complete(Callable<V> body) {
            if (cancelled) {
                return;
            }
            try {
                value = body.call();
            } catch (Exception e) {
                failure = e;
            }
            done = true;
        }

        void fail(Throwable e) {
            failure = e;
            done = true;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(task.due - scheduler.now(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done || cancelled) {
                return false;
            }
            cancelled = true;
            task.cancelled = true;
            pending.remove(task);
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public V get() throws ExecutionException {
            if (cancelled) {
                throw new CancellationException();
            }
            if (!done) {
                throw new IllegalStateException("get() on an unfinished virtual task would block the simulation");
            }
            if (failure != null) {
                throw new ExecutionException(failure);
            }
            return value;
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws ExecutionException {
            return get();
        }
    }
}
