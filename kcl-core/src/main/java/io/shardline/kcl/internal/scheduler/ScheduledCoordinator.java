package io.shardline.kcl.internal.scheduler;

import io.shardline.lease.CoordinatorStats;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseCoordinator;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.PolledLeaseCoordinator;
import io.shardline.lease.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LeaseCoordinator} made of the polled core ({@link PolledLeaseCoordinator}) driven by a scheduled executor
 * instead of the coordinator's own thread: the {@link WorkerRuntime#virtual virtual runtime} of the whole-worker
 * simulator. Commands are posted to the executor (the core is confined to it) and bring the next poll forward to
 * now. Meant for the simulator's single thread: {@code start} and the reads are called directly.
 */
final class ScheduledCoordinator implements LeaseCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledCoordinator.class);

    private final PolledLeaseCoordinator core;
    private final ScheduledExecutorService executor;
    private final Time time;
    private final long maxWaitNanos;
    private ScheduledFuture<?> nextPoll;
    private boolean started;

    ScheduledCoordinator(PolledLeaseCoordinator core, ScheduledExecutorService executor, Time time,
            Duration heartbeatInterval) {
        this.core = core;
        this.executor = executor;
        this.time = time;
        this.maxWaitNanos = heartbeatInterval.toNanos();
    }

    @Override
    public void start() {
        if (!started && !core.isStopped()) {
            started = true;
            core.start();
            pollIn(0);
        }
    }

    private void pollIn(long nanos) {
        if (core.isStopped() || executor.isShutdown()) {
            return;
        }
        if (nextPoll != null) {
            nextPoll.cancel(false);
        }
        try {
            nextPoll = executor.schedule(this::pollNow, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: coordinator executor stopped", core.workerId());
        }
    }

    private void pollNow() {
        nextPoll = null;
        if (core.isStopped()) {
            executor.shutdown();
            return;
        }
        long nowNanos = time.nanoTime();
        Instant now = Instant.EPOCH.plusNanos(nowNanos);
        long wait;
        try {
            Instant next = core.poll(now);
            // next is Instant.MAX once stopped: compare before converting, Duration.toNanos would overflow
            wait = !next.isAfter(now) ? 0 : next.isAfter(now.plusNanos(maxWaitNanos)) ? maxWaitNanos
                    : Duration.between(now, next).toNanos();
        } catch (RuntimeException e) {
            LOG.error("{}: coordinator round failed unexpectedly; retrying", core.workerId(), e);
            wait = maxWaitNanos;
        }
        if (core.isStopped()) {
            executor.shutdown();
        } else {
            pollIn(wait);
        }
    }

    /**
     * Runs {@code command} on the coordinator's executor, then polls at once: the core is confined to that executor
     * (a command run by the caller could re-enter a poll blocked in a store call), as the threaded runtime posts
     * commands to its thread.
     */
    private void post(Runnable command) {
        try {
            executor.execute(() -> {
                command.run();
                if (started) {
                    pollIn(0);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: coordinator stopped; command dropped", core.workerId());
        }
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(() -> core.shutdown().whenComplete((v, e) -> {
            if (e == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(e);
            }
        }));
        if (executor.isShutdown() && !done.isDone()) {
            done.complete(null); // already stopped: nothing to hand off
        }
        return done;
    }

    @Override
    public void close() {
        post(() -> {
            core.close();
            executor.shutdownNow();
        });
    }

    @Override
    public String workerId() {
        return core.workerId();
    }

    @Override
    public Set<LeaseToken> ownedLeases() {
        return core.ownedLeases();
    }

    @Override
    public Optional<LeaseToken> currentToken(String leaseKey) {
        return core.currentToken(leaseKey);
    }

    @Override
    public void completeHandoff(String leaseKey) {
        post(() -> core.completeHandoff(leaseKey));
    }

    @Override
    public void reportFenced(String leaseKey) {
        post(() -> core.reportFenced(leaseKey));
    }

    @Override
    public void requestAssignment(Collection<String> leaseKeys) {
        List<String> keys = List.copyOf(leaseKeys);
        post(() -> core.requestAssignment(keys));
    }

    @Override
    public boolean isPastFenceDeadline(long nanoTime) {
        return core.isPastFenceDeadline(nanoTime);
    }

    @Override
    public List<Lease> createLeases(Collection<Lease> existing, List<Lease> toCreate) {
        return core.createLeases(existing, toCreate);
    }

    @Override
    public boolean isLeader() {
        return core.isLeader();
    }

    @Override
    public CoordinatorStats stats() {
        return core.stats();
    }
}
