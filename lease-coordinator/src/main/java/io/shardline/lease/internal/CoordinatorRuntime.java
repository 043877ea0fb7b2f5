package io.shardline.lease.internal;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.CoordinatorStats;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseCoordinator;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseListener;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LeaseCoordinator} on its own thread, {@code shardline-coordinator-<workerId>}: calls
 * {@link CoordinatorCore#poll} at the instant it asks for, and runs commands posted from other threads
 * (completeHandoff, reportFenced, shutdown, close) on that thread as soon as they arrive. The thread is a daemon
 * owned by this object: {@link #shutdown()} or {@link #close()} ends it; {@link #close()} returns once it ended.
 */
public final class CoordinatorRuntime implements LeaseCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRuntime.class);

    /** How long {@link #close()} waits for the coordinator thread before interrupting it, and again after. */
    private static final Duration CLOSE_JOIN = Duration.ofSeconds(10);

    private final CoordinatorCore core;
    private final Time time;
    private final LeaseCreator creator;
    private final long maxWaitNanos;
    private final LinkedBlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Thread thread;
    private boolean started;

    public CoordinatorRuntime(LeaseCoordinatorConfig config, LeaseStore leaseStore,
            CoordinationStore coordinationStore, LeaseListener listener, Time time) {
        this.core = new CoordinatorCore(config, leaseStore, coordinationStore, listener, time);
        this.creator = new LeaseCreator(config, leaseStore, coordinationStore);
        this.time = time;
        this.maxWaitNanos = config.heartbeatInterval().toNanos();
        this.thread = new Thread(this::run, "shardline-coordinator-" + config.workerId());
        this.thread.setDaemon(true);
    }

    @Override
    public synchronized void start() {
        if (!started && !core.isStopped()) {
            started = true;
            core.start();
            thread.start();
        }
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        synchronized (this) {
            if (!started) {
                core.beginShutdown(); // never started: nothing to hand off
                terminated.complete(null);
                return terminated;
            }
        }
        commands.add(core::beginShutdown);
        return terminated;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (!started) {
                core.close();
                terminated.complete(null);
                return;
            }
        }
        commands.add(core::close);
        awaitThreadEnd();
    }

    /**
     * Waits until the coordinator thread ended, so no round runs after {@link #close()} returns (a round that outlived
     * close used to hit the scheduler's stopped executors). Bounded: a round blocked in a store call is interrupted.
     */
    private void awaitThreadEnd() {
        if (Thread.currentThread() == thread) {
            return; // close() from a listener on the coordinator thread: the loop ends after this command
        }
        try {
            thread.join(CLOSE_JOIN.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(CLOSE_JOIN.toMillis());
            }
            if (thread.isAlive()) {
                LOG.warn("{}: coordinator thread still runs {} after close", core.workerId(), CLOSE_JOIN.multipliedBy(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String workerId() {
        return core.workerId();
    }

    @Override
    public Set<LeaseToken> ownedLeases() {
        return Set.copyOf(core.ownedTokens().values());
    }

    @Override
    public Optional<LeaseToken> currentToken(String leaseKey) {
        return Optional.ofNullable(core.ownedTokens().get(leaseKey));
    }

    @Override
    public void completeHandoff(String leaseKey) {
        commands.add(() -> core.completeHandoff(leaseKey));
    }

    @Override
    public void reportFenced(String leaseKey) {
        commands.add(() -> core.reportFenced(leaseKey));
    }

    @Override
    public void requestAssignment(Collection<String> leaseKeys) {
        List<String> keys = List.copyOf(leaseKeys);
        commands.add(() -> core.requestAssignment(keys));
    }

    @Override
    public boolean isPastFenceDeadline(long nanoTime) {
        return core.isPastFenceDeadline(nanoTime);
    }

    @Override
    public List<Lease> createLeases(Collection<Lease> existing, List<Lease> toCreate) {
        awaitSettled();
        return creator.create(List.copyOf(existing), List.copyOf(toCreate), core.acceptsLeases(),
                () -> commands.add(core::requestLeaseSync));
    }

    /**
     * A started coordinator that has not settled yet (its first heartbeat interval) is given up to two heartbeat
     * intervals to, so the leases are created owned (one write each) rather than left to the leader; a coordinator
     * not started, or one that cannot heartbeat, creates them unowned after that wait.
     */
    private void awaitSettled() {
        synchronized (this) {
            if (!started) {
                return;
            }
        }
        try {
            core.settled().get(maxWaitNanos * 2, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("{}: not settled within two heartbeat intervals; creating what the share allows",
                    core.workerId());
        }
    }

    @Override
    public boolean isLeader() {
        return core.isLeader();
    }

    @Override
    public CoordinatorStats stats() {
        return core.stats();
    }

    private void run() {
        long nextNanos = time.nanoTime();
        while (!core.isStopped()) {
            try {
                Runnable command = commands.poll(Math.max(0, nextNanos - time.nanoTime()), TimeUnit.NANOSECONDS);
                boolean commanded = command != null;
                if (commanded) {
                    core.observeTime(Monotonic.instant(time.nanoTime()));
                }
                for (; command != null; command = commands.poll()) {
                    command.run();
                }
                if (!core.isStopped() && (commanded || time.nanoTime() - nextNanos >= 0)) {
                    long nowNanos = time.nanoTime();
                    Instant now = Monotonic.instant(nowNanos);
                    nextNanos = nowNanos + nanosUntil(now, core.poll(now));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("{}: coordinator thread interrupted; closing", core.workerId());
                core.close();
            } catch (RuntimeException e) {
                LOG.error("{}: coordinator round failed unexpectedly; retrying", core.workerId(), e);
                nextNanos = time.nanoTime() + maxWaitNanos;
            }
        }
        core.termination().whenComplete((v, e) -> {
            if (e == null) {
                terminated.complete(null);
            } else {
                terminated.completeExceptionally(e);
            }
        });
    }

    /** Monotonic time until {@code next}, at most one heartbeat interval. */
    private long nanosUntil(Instant now, Instant next) {
        if (!next.isAfter(now)) {
            return 0;
        }
        Duration d = Duration.between(now, next);
        return d.compareTo(Duration.ofNanos(maxWaitNanos)) > 0 ? maxWaitNanos : d.toNanos();
    }
}
