package io.shardline.kcl.internal.retrieval;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the mailbox that confines one fetcher's
 * state to a single logical thread without owning a thread. Each drain runs at most {@value #MAX_TASKS_PER_DRAIN}
 * tasks before yielding the shared thread. Thread-safe.
 */
final class SerialExecutor implements Executor {

    private static final int MAX_TASKS_PER_DRAIN = 16;

    private final Executor delegate;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialExecutor(Executor delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(Objects.requireNonNull(task, "task"));
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            delegate.execute(this::drain);
        }
    }

    private void drain() {
        try {
            for (int i = 0; i < MAX_TASKS_PER_DRAIN; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                task.run();
            }
        } finally {
            scheduled.set(false);
            scheduleDrain();
        }
    }
}
