package io.shardline.kcl.internal.concurrent;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the mailbox that confines one component's
 * state (a shard consumer, a fan-out fetcher) to a single logical thread without owning a thread. Each submission to
 * the shared executor runs at most {@code tasksPerTurn} tasks before yielding its thread, so components take turns
 * (the shard consumer uses 1: a shard with a long backlog yields between batches). Successive tasks may run on
 * different threads; the queue and the flag give each task a happens-before edge to the next. A task that throws is
 * logged at ERROR (a bug in the component) and the next task still runs. Once the shared executor rejects work (it is
 * shut down) the queued tasks are dropped. Thread-safe.
 */
public final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final int tasksPerTurn;
    private final String name;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /**
     * @param delegate     the shared executor
     * @param tasksPerTurn how many queued tasks one submission to {@code delegate} runs (at least 1)
     * @param name         what runs here, for log lines ("shard shardId-000", "fan-out fetcher of ...")
     */
    public SerialExecutor(Executor delegate, int tasksPerTurn, String name) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (tasksPerTurn < 1) {
            throw new IllegalArgumentException("tasksPerTurn must be >= 1, was " + tasksPerTurn);
        }
        this.tasksPerTurn = tasksPerTurn;
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(Objects.requireNonNull(task, "task"));
        scheduleTurn();
    }

    private void scheduleTurn() {
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                delegate.execute(this::runTurn);
            } catch (RejectedExecutionException e) {
                LOG.debug("executor of {} is shut down: dropping {} tasks", name, tasks.size());
                tasks.clear();
                scheduled.set(false);
            }
        }
    }

    private void runTurn() {
        try {
            for (int i = 0; i < tasksPerTurn; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("a task of {} failed unexpectedly", name, e);
                }
            }
        } finally {
            scheduled.set(false);
            scheduleTurn();
        }
    }
}
