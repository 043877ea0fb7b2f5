package io.shardline.kcl.internal.consumer;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one shard's tasks one at a time, in submission order, on the shared processing pool: the shard's callbacks
 * never overlap and never own a thread. Each pool submission runs one task, so a shard with a long backlog yields the
 * thread between batches and shards take turns. Successive tasks may run on different threads; the queue and the
 * flag give each task a happens-before edge to the next. Once the pool rejects work (it is shut down) tasks are
 * dropped. Thread-safe.
 */
final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialExecutor(Executor pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(Objects.requireNonNull(task, "task"));
        scheduleNext();
    }

    private void scheduleNext() {
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(this::runOne);
            } catch (RejectedExecutionException e) {
                LOG.debug("processing pool is shut down: dropping {} shard tasks", tasks.size());
                tasks.clear();
                scheduled.set(false);
            }
        }
    }

    private void runOne() {
        try {
            Runnable task = tasks.poll();
            if (task != null) {
                task.run();
            }
        } catch (RuntimeException e) {
            // A bug in the consumer: keep the shard's executor alive and say so loudly.
            LOG.error("shard task failed unexpectedly", e);
        } finally {
            scheduled.set(false);
            scheduleNext();
        }
    }
}
