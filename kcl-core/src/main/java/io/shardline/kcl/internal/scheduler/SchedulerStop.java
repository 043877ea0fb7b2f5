package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.WorkerEvent;
import io.shardline.kcl.internal.consumer.ConsumerMetrics;
import io.shardline.kcl.retrieval.RecordFetcherFactory;
import io.shardline.lease.LeaseCoordinator;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way out of a {@link DefaultScheduler}, once its lifecycle state allowed it: a graceful shutdown (the coordinator
 * hands off every lease, then the consumers and every executor are awaited) and {@code close()} (everything stopped at
 * once, processors get {@link #CLOSE_GRACE} to finish their current callback), both ending in one release of the
 * fetchers, executors and meters and one {@link WorkerEvent.Stopped}. On a {@linkplain WorkerRuntime#threaded()
 * virtual runtime} nothing here blocks: it continues through callbacks and the runtime's timer.
 */
final class SchedulerStop {

    /** Logs under {@code DefaultScheduler}, as before the split (log filters and docs/multilang.md name it). */
    private static final Logger LOG = LoggerFactory.getLogger(DefaultScheduler.class);
    /** How long {@code close()} lets processors finish their last callback before the pool is stopped. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(10);
    /** How long a stopping scheduler waits for each of its executors to end after stopping it. */
    private static final Duration THREAD_STOP_GRACE = Duration.ofSeconds(10);

    private final String workerId;
    private final String application;
    private final Duration handoffTimeout;
    private final boolean threaded;
    private final LeaseCoordinator coordinator;
    private final ConsumerRegistry registry;
    private final RecordFetcherFactory fetchers;
    private final SchedulerThreads threads;
    private final ConsumerMetrics metrics;
    private final WorkerStatus status;
    private final WorkerEvents events;
    private final BooleanSupplier markStopped;
    private final CompletableFuture<Void> shutdownFuture = new CompletableFuture<>();
    private final AtomicBoolean released = new AtomicBoolean();

    /**
     * @param markStopped moves the scheduler to {@code STOPPED} under its lock; false when it already was (the other
     *                    way out came first and completes everything)
     */
    SchedulerStop(String workerId, String application, Duration handoffTimeout, boolean threaded,
            LeaseCoordinator coordinator, ConsumerRegistry registry, RecordFetcherFactory fetchers,
            SchedulerThreads threads, ConsumerMetrics metrics, WorkerStatus status, WorkerEvents events,
            BooleanSupplier markStopped) {
        this.workerId = workerId;
        this.application = application;
        this.handoffTimeout = handoffTimeout;
        this.threaded = threaded;
        this.coordinator = coordinator;
        this.registry = registry;
        this.fetchers = fetchers;
        this.threads = threads;
        this.metrics = metrics;
        this.status = status;
        this.events = events;
        this.markStopped = markStopped;
    }

    /** Completes when a graceful shutdown finished; exceptionally after {@code close()} or a failed start. */
    CompletableFuture<Void> future() {
        return shutdownFuture;
    }

    /** A scheduler stopped before it started: nothing to hand off. */
    void stoppedBeforeStart() {
        release();
        shutdownFuture.complete(null);
        events.publish(new WorkerEvent.Stopped(workerId, Optional.empty()));
    }

    /** A graceful shutdown: the coordinator hands off every lease; then the consumers and threads end. */
    void handOffAndStop() {
        LOG.info("{}: shutting down gracefully: handing off {} leases", workerId, coordinator.ownedLeases().size());
        threads.syncThread().shutdownNow();
        if (!threaded) {
            coordinator.shutdown().whenComplete((ignored, error) -> afterCoordinatorStoppedWithoutWaiting(error));
            return;
        }
        coordinator.shutdown().whenComplete((ignored, error) -> {
            // The waits below must not run on a thread being stopped (the coordinator's or an SDK thread).
            Thread stopper = new Thread(() -> afterCoordinatorStopped(error), "shardline-stop-" + workerId);
            stopper.setDaemon(true);
            stopper.start();
        });
    }

    /** On the {@code shardline-stop} thread: waits for the consumers and every executor, then completes. */
    private void afterCoordinatorStopped(Throwable error) {
        registry.stopAll(); // normally none is left; a consumer whose handoff was forced stops without checkpoint
        if (!await(registry.allTerminated(), handoffTimeout)) {
            LOG.warn("{}: processors still running after the handoffs; stopping the pool anyway", workerId);
        }
        release();
        status.remove();
        threads.awaitTermination(THREAD_STOP_GRACE, workerId);
        if (!markStopped.getAsBoolean()) {
            return; // close() came first and completed everything
        }
        if (error != null) {
            shutdownFuture.completeExceptionally(error);
            events.publish(new WorkerEvent.Stopped(workerId, Optional.of(error)));
        } else {
            LOG.info("{}: scheduler of {} shut down", workerId, application);
            events.publish(new WorkerEvent.Stopped(workerId, Optional.empty()));
            shutdownFuture.complete(null);
        }
    }

    /**
     * {@link #afterCoordinatorStopped} for a virtual runtime: nothing may block the one thread, so it continues when
     * the consumers have terminated (or after the handoff timeout, on the runtime's timer).
     */
    private void afterCoordinatorStoppedWithoutWaiting(Throwable error) {
        registry.stopAll();
        CompletableFuture<Void> terminated = registry.allTerminated();
        AtomicBoolean finished = new AtomicBoolean();
        Runnable finish = () -> {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            release();
            status.remove();
            if (!markStopped.getAsBoolean()) {
                return;
            }
            if (error != null) {
                shutdownFuture.completeExceptionally(error);
            } else {
                shutdownFuture.complete(null);
            }
            events.publish(new WorkerEvent.Stopped(workerId, Optional.ofNullable(error)));
        };
        if (!terminated.isDone()) {
            threads.timer().schedule(() -> {
                LOG.warn("{}: processors still running after the handoffs; stopping the pool anyway", workerId);
                finish.run();
            }, handoffTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        terminated.whenComplete((ignored, e) -> finish.run());
    }

    /**
     * Stops at once (the scheduler is already {@code STOPPED}) and returns once every thread of the scheduler ended.
     * Called on a thread of the scheduler itself (a processor), it cannot wait for that thread and returns after
     * starting the stop.
     */
    void stopNow(RuntimeException cause) {
        threads.syncThread().shutdownNow();
        coordinator.close(); // returns once the coordinator thread ended (unless called on it)
        registry.stopAll();
        fetchers.close();
        boolean ownThread = Thread.currentThread().getName().startsWith("shardline-");
        if (!threaded) {
            registry.allTerminated().whenComplete((ignored, e) -> release());
        } else if (ownThread) {
            registry.allTerminated().orTimeout(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((ignored, timeout) -> release());
        } else {
            if (!await(registry.allTerminated(), CLOSE_GRACE)) {
                LOG.warn("{}: processors still running {} after close; stopping the pool anyway", workerId,
                        CLOSE_GRACE);
            }
            release();
            threads.awaitTermination(THREAD_STOP_GRACE, workerId);
        }
        shutdownFuture.completeExceptionally(cause);
        events.publish(new WorkerEvent.Stopped(workerId, Optional.of(cause)));
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            fetchers.close();
            threads.shutdown();
            metrics.close();
        }
    }

    private static boolean await(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }
}
