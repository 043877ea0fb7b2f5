package io.shardline.kcl.internal.scheduler;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaseCoordinator;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseListener;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.Time;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where a {@link DefaultScheduler} gets its clocks and its threads. <b>Internal, not user API</b>: it is public only
 * so that the whole-worker simulator in {@code shardline-testing} ({@code io.shardline.testing.sim}) can run complete
 * workers on one thread and a virtual clock. Production uses {@link #system()}: the system clocks, the scheduler's own
 * named threads and the threaded lease coordinator, exactly as before this seam existed.
 *
 * <p>With an {@link ExecutorFactory} ({@link #virtual}), every executor of the scheduler (processing pool, consumer
 * timer, shard-sync thread) comes from the factory, the lease coordinator is the deterministic polled core
 * ({@link LeaseCoordinator#polled}) driven by one more executor of the factory, and the scheduler never blocks its
 * caller waiting for another task (a graceful shutdown completes through callbacks; {@code close()} does not wait).
 *
 * @param time      the worker's clocks: monotonic for every deadline, wall clock for dates
 * @param executors empty: the scheduler's own threads (production)
 */
public record WorkerRuntime(Time time, Optional<ExecutorFactory> executors) {

    /** Makes the executors of one worker. */
    @FunctionalInterface
    public interface ExecutorFactory {
        /**
         * An executor for one concern of one worker ({@code name}: {@code shardline-process},
         * {@code shardline-consumer-timer}, {@code shardline-shard-sync}, {@code shardline-coordinator}); its
         * {@code shutdown}/{@code shutdownNow} must drop only its own tasks.
         */
        ScheduledExecutorService create(String name);
    }

    public WorkerRuntime {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(executors, "executors");
    }

    /** Production: system clocks, the scheduler's own threads. */
    public static WorkerRuntime system() {
        return new WorkerRuntime(Time.system(), Optional.empty());
    }

    /** Every executor from {@code executors} (one thread in the simulator), every clock reading from {@code time}. */
    public static WorkerRuntime virtual(Time time, ExecutorFactory executors) {
        return new WorkerRuntime(time, Optional.of(Objects.requireNonNull(executors, "executors")));
    }

    /** Whether the scheduler runs on its own threads (and may block a caller waiting for them). */
    public boolean threaded() {
        return executors.isEmpty();
    }

    ExecutorService processingPool(int threads) {
        if (executors.isPresent()) {
            return executors.get().create("shardline-process");
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("shardline-process"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    ScheduledExecutorService singleThread(String name) {
        if (executors.isPresent()) {
            return executors.get().create(name);
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, new NamedThreads(name));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    LeaseCoordinator coordinator(LeaseCoordinatorConfig config, LeaseStore leaseStore,
            CoordinationStore coordinationStore, LeaseListener listener) {
        if (executors.isEmpty()) {
            return LeaseCoordinator.create(config, leaseStore, coordinationStore, listener, time);
        }
        return new ScheduledCoordinator(
                LeaseCoordinator.polled(config, leaseStore, coordinationStore, listener, time),
                executors.get().create("shardline-coordinator"), time, config.heartbeatInterval());
    }
}
