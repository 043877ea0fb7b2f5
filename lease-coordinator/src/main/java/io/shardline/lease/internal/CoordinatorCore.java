package io.shardline.lease.internal;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.CoordinatorStats;
import io.shardline.lease.LeaderRecord;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseEvent;
import io.shardline.lease.LeaseListener;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.LossReason;
import io.shardline.lease.Member;
import io.shardline.lease.Time;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The deterministic heart of a coordinator: {@link #poll(Instant)} runs one round (or just the deadlines that fell
 * due) and returns when it wants to run next. One round, as in {@code docs/architecture.md}: heartbeat (send time
 * recorded), self-fencing, observe members and leader, own-lease sync, leader step, assignment round (leader), forced
 * handoffs (leader), pending assignment requests, shutdown handoffs (leaving).
 *
 * <p>Not thread-safe: confined to one thread (the runtime's, or the caller's in polled mode). Commands
 * ({@link #completeHandoff}, {@link #reportFenced}, {@link #requestAssignment}, {@link #beginShutdown}) issued while
 * the core is busy (from the listener) run when the current call ends.
 *
 * <p><b>Time.</b> Every {@code now} is a point on the <em>monotonic</em> timeline ({@link Monotonic}: the
 * instant {@code EPOCH + Time.nanoTime()}), never a wall-clock reading, so liveness, self-fencing, handoff and leader
 * expiry survive wall-clock steps. The coordinator writes no time to the stores.
 */
public final class CoordinatorCore {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorCore.class);

    private final CoordinatorContext ctx;
    private final Heartbeater heartbeater;
    private final MemberObserver observer;
    private final LeaderElector elector;
    private final OwnedLeases owned = new OwnedLeases();
    private final LeaseSynchronizer synchronizer;
    private final HandoffCompleter completer;
    private final HandoffTracker handoffs;
    private final AssignmentPlanner planner;
    private final GracefulShutdown shutdown;
    private final AssignmentRequests requests;
    private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();
    private final CompletableFuture<Void> shutdownFuture = new CompletableFuture<>();
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private volatile CoordinatorState state = CoordinatorState.NEW;
    private boolean busy;
    private Instant nextRoundAt = Instant.MIN;
    private Instant lastNow = Instant.MIN;
    /** Stamps the observation reads (see {@link #observe}); every other decision uses the polled {@code now}. */
    private final Time time;
    private volatile boolean leaderSnapshot;
    private volatile long fenceDeadlineSnapshot;
    private volatile boolean fenceDeadlineKnown;

    public CoordinatorCore(LeaseCoordinatorConfig config, LeaseStore leaseStore, CoordinationStore coordinationStore,
            LeaseListener listener, Time time) {
        Objects.requireNonNull(config, "config");
        CoordinatorCounters counters = new CoordinatorCounters();
        this.ctx = new CoordinatorContext(config, Objects.requireNonNull(leaseStore, "leaseStore"),
                Objects.requireNonNull(coordinationStore, "coordinationStore"), counters,
                new StoreGuard(config.workerId(), counters),
                new EventDispatcher(config.workerId(), Objects.requireNonNull(listener, "listener"), counters));
        this.heartbeater = new Heartbeater(ctx);
        this.observer = new MemberObserver(config.failoverTimeout(), config.leaseScanInterval().multipliedBy(10));
        this.elector = new LeaderElector(ctx);
        this.synchronizer = new LeaseSynchronizer(ctx, owned, (e, target) -> announce(e, target, null));
        this.completer = new HandoffCompleter(ctx, owned, synchronizer::request);
        this.handoffs = new HandoffTracker(ctx, observer);
        this.planner = new AssignmentPlanner(ctx, observer, handoffs,
                new PlanExecutor(ctx, handoffs, Objects.requireNonNull(time, "time")));
        this.shutdown = new GracefulShutdown(ctx, owned, observer, elector, completer, this::announce);
        this.requests = new AssignmentRequests(ctx, observer, synchronizer::adopt);
        this.time = time;
    }

    public String workerId() {
        return ctx.workerId();
    }

    public void start() {
        exclusive(() -> {
            if (state == CoordinatorState.NEW) {
                state = state.transitionTo(CoordinatorState.RUNNING);
                LOG.info("{}: started ({})", ctx.workerId(), ctx.config());
            }
            return null;
        });
    }

    /** Runs what is due at {@code now}; returns when to poll next ({@link Instant#MAX} once stopped). */
    public Instant poll(Instant now) {
        Objects.requireNonNull(now, "now");
        if (busy) {
            throw new IllegalStateException(ctx.workerId() + ": poll is not re-entrant");
        }
        exclusive(() -> {
            if (state == CoordinatorState.NEW) {
                throw new IllegalStateException(ctx.workerId() + ": poll before start()");
            }
            if (state != CoordinatorState.STOPPED) {
                lastNow = now;
                fenceIfDue(now);
                if (!now.isBefore(nextRoundAt)) {
                    round(now);
                } else {
                    betweenRounds(now);
                }
                // A round slowed by its store calls may end past the deadline its own heartbeat set: fence now, not
                // one poll later.
                fenceIfDue(current(now));
            }
            return null;
        });
        return nextWakeUp(now);
    }

    /**
     * Moves the instant that commands judge this worker's health by forward to {@code now}, without running a round.
     * The threaded runtime calls it before the commands it runs: a command judged by the last poll's time could find
     * a worker healthy that is past its fence deadline, and re-adopt from the lease table a lease its consumer had
     * just given up at that deadline (seen as a self-fenced worker that kept listing the lease as its own).
     */
    public void observeTime(Instant now) {
        Objects.requireNonNull(now, "now");
        exclusive(() -> {
            if (now.isAfter(lastNow)) {
                lastNow = now;
            }
            return null;
        });
    }

    public void completeHandoff(String leaseKey) {
        Objects.requireNonNull(leaseKey, "leaseKey");
        command(() -> {
            if (state != CoordinatorState.STOPPED) {
                completer.complete(leaseKey);
            }
        });
    }

    public void reportFenced(String leaseKey) {
        Objects.requireNonNull(leaseKey, "leaseKey");
        command(() -> {
            if (state == CoordinatorState.STOPPED) {
                return;
            }
            if (owned.remove(leaseKey) != null) {
                ctx.events().emit(new LeaseEvent.Lost(leaseKey, LossReason.TAKEN_OVER));
            }
            synchronizer.request();
        });
    }

    /**
     * Leases that just became assignable: planned and assigned now by this worker (see {@link AssignmentRequests});
     * ignored unless running. When the heartbeat is not healthy they wait for the next healthy round.
     */
    public void requestAssignment(Collection<String> leaseKeys) {
        List<String> keys = List.copyOf(Objects.requireNonNull(leaseKeys, "leaseKeys"));
        command(() -> {
            if (state == CoordinatorState.RUNNING && !keys.isEmpty()) {
                requests.add(keys);
                runRequests(lastNow);
            }
        });
    }

    /** This worker may own leases it did not learn of yet (it created them owned): read its leases at once. */
    public void requestLeaseSync() {
        command(() -> {
            if (state == CoordinatorState.RUNNING) {
                synchronizer.request();
            }
        });
    }

    /** Starts a graceful shutdown (idempotent); the next poll is due at once. */
    public CompletableFuture<Void> beginShutdown() {
        command(() -> {
            if (state == CoordinatorState.NEW) {
                stop();
            } else if (state == CoordinatorState.RUNNING) {
                state = state.transitionTo(CoordinatorState.LEAVING);
                nextRoundAt = Instant.MIN;
                LOG.info("{}: shutting down: handing off {} leases", ctx.workerId(), owned.size());
            }
        });
        return shutdownFuture;
    }

    /** Stops at once, without touching the stores. */
    public void close() {
        command(() -> {
            if (state != CoordinatorState.STOPPED) {
                state = state.transitionTo(CoordinatorState.STOPPED);
                shutdownFuture.completeExceptionally(
                        new IllegalStateException(ctx.workerId() + ": closed before the graceful shutdown completed"));
                LOG.info("{}: closed", ctx.workerId());
            }
        });
    }

    /** Completes when a graceful shutdown finished; completes exceptionally on {@link #close()}. */
    public CompletableFuture<Void> termination() {
        return shutdownFuture;
    }

    /**
     * Completes once this worker's heartbeat counter reached {@link CreationShare#SETTLED_HEARTBEATS} (one heartbeat
     * interval after it joined): from then on it may own leases at creation.
     */
    public CompletableFuture<Void> settled() {
        return settled;
    }

    /** Whether this worker may still take leases (not leaving, not stopped). */
    public boolean acceptsLeases() {
        return state == CoordinatorState.NEW || state == CoordinatorState.RUNNING;
    }

    public boolean isStopped() {
        return state == CoordinatorState.STOPPED;
    }

    public boolean isLeader() {
        return leaderSnapshot;
    }

    /**
     * Whether {@code nanoTime} (on the monotonic timeline of {@code poll}'s {@code now}) is at or past this worker's
     * self-fence deadline: the last successful heartbeat was sent {@code failoverTimeout - selfFenceMargin} ago or
     * longer, or none succeeded yet. Thread-safe (a snapshot published after every call).
     */
    public boolean isPastFenceDeadline(long nanoTime) {
        return !fenceDeadlineKnown || nanoTime - fenceDeadlineSnapshot >= 0;
    }

    public Map<String, LeaseToken> ownedTokens() {
        return owned.tokens();
    }

    public CoordinatorStats stats() {
        return ctx.counters().snapshot();
    }

    // --- one round -------------------------------------------------------------------------------------------

    private void round(Instant now) {
        ctx.counters().rounds.increment();
        nextRoundAt = now.plus(ctx.config().heartbeatInterval());
        boolean leaving = state == CoordinatorState.LEAVING;
        Member me = heartbeater.beat(now, leaving);
        if (me != null && me.heartbeat() >= CreationShare.SETTLED_HEARTBEATS) {
            settled.complete(null);
        }
        boolean observed = observe(now);
        boolean membershipChanged = observed && observer.membershipChanged();
        // Healthy at the time the calls returned, not at the round's start: a heartbeat answered after the deadline
        // it set leaves the worker fenced, and it must not take its leases back from the table (it would emit
        // Acquired for leases its consumers must refuse at once, round after round).
        boolean healthy = me != null && heartbeater.isHealthy(current(now));
        if (healthy && synchronizer.isDue(now, me.inboxVersion())) {
            synchronizer.sync(now, me.inboxVersion());
        }
        if (leaving) {
            requests.clear();
            shutdown.round(now);
            dropLeaderState();
        } else if (observed) {
            leaderStep(now, healthy, membershipChanged);
            runRequests(now);
            // The next round no later than the instant a silent peer (the leader acts on members, the others on the
            // leader item) can be proven dead, not up to a heartbeat interval after it.
            nextRoundAt = earliest(nextRoundAt,
                    elector.isLeader() ? observer.nextExpiryAfter(now) : elector.nextExpiryAfter(now));
        } else if (elector.isLeader()) {
            elector.round(now, false); // renew only: no decisions without a fresh observation
            dropLeaderState();
        }
        completer.retryRequested();
    }

    private void betweenRounds(Instant now) {
        if (synchronizer.isRequested() && heartbeater.isHealthy(now)) {
            synchronizer.sync(now, heartbeater.lastMember().inboxVersion());
        }
        if (elector.isLeader() && heartbeater.isHealthy(now) && handoffs.forceDue(now)) {
            syncNow(now);
        }
        if (state == CoordinatorState.LEAVING) {
            shutdown.expire(now);
        }
    }

    /**
     * The two reads, stamped with when they were really sent and answered: {@code now} is the round's start, and a
     * slow heartbeat before them would otherwise date fresh values seconds too early (found by the whole-worker
     * simulation, seed 170: a live leader taken over by a peer whose round spent 4.5 s in store calls).
     */
    private boolean observe(Instant now) {
        try {
            Instant sentAt = later(now, Monotonic.instant(time.nanoTime()));
            List<Member> members = ctx.coordination().listMembers();
            LeaderRecord leader = ctx.coordination().readLeader();
            Instant receivedAt = later(sentAt, Monotonic.instant(time.nanoTime()));
            ctx.guard().succeeded("observe");
            observer.observe(members, sentAt, receivedAt);
            elector.observe(leader, sentAt, receivedAt);
            return true;
        } catch (RuntimeException e) {
            ctx.guard().failed("observe", e);
            return false;
        }
    }

    /** The monotonic time now, never before {@code now} (the instant the current call was made for). */
    private Instant current(Instant now) {
        return later(now, Monotonic.instant(time.nanoTime()));
    }

    private static Instant later(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }

    private void leaderStep(Instant now, boolean healthy, boolean membershipChanged) {
        boolean became = elector.round(now, healthy);
        if (!elector.isLeader()) {
            dropLeaderState();
            return;
        }
        if (!healthy) {
            return;
        }
        if (handoffs.takeRescanWanted()) {
            planner.requestRescan();
        }
        if (became) {
            planner.becameLeader(now, elector.isColdStart());
        }
        if (planner.isDue(now, membershipChanged && !became) && planner.round(now)) {
            syncNow(now);
        }
        if (handoffs.forceDue(now)) {
            syncNow(now);
        }
    }

    private void runRequests(Instant now) {
        if (requests.hasPending() && heartbeater.isHealthy(now)) {
            requests.run();
        }
    }

    private void dropLeaderState() {
        if (!elector.isLeader()) {
            planner.reset();
            handoffs.clear();
        }
    }

    /** This worker's own leases changed by its own leader action: sync in this round instead of a self-notify. */
    private void syncNow(Instant now) {
        synchronizer.request();
        synchronizer.sync(now, heartbeater.lastMember().inboxVersion());
    }

    /** Self-fencing: drops every lease (and leadership) once the last heartbeat is too old to act on. */
    private void fenceIfDue(Instant now) {
        Instant deadline = heartbeater.fenceDeadline();
        if (deadline == null || now.isBefore(deadline)) {
            Instant leaderDeadline = elector.fenceDeadline();
            if (leaderDeadline != null && !now.isBefore(leaderDeadline)) {
                elector.stepDown("could not renew for " + ctx.fenceAfter());
                dropLeaderState();
            }
            return;
        }
        if (!owned.isEmpty()) {
            LOG.warn("{}: no heartbeat succeeded for {}: dropping {} leases before peers may take them",
                    ctx.workerId(), ctx.fenceAfter(), owned.size());
            ctx.counters().selfFences.increment();
            for (String key : List.copyOf(owned.keys())) {
                owned.remove(key);
                ctx.events().emit(new LeaseEvent.Lost(key, LossReason.SELF_FENCED));
            }
        }
        elector.stepDown("no heartbeat succeeded for " + ctx.fenceAfter());
        dropLeaderState();
    }

    private void announce(OwnedLeases.Entry e, String target, Instant forceAt) {
        owned.announce(e.leaseKey(), target, forceAt);
        ctx.events().emit(new LeaseEvent.HandoffRequested(e.lease(), target));
        if (ctx.config().autoCompleteHandoff()) {
            completeHandoff(e.leaseKey());
        }
    }

    private Instant nextWakeUp(Instant now) {
        if (state == CoordinatorState.STOPPED) {
            return Instant.MAX;
        }
        Instant next = nextRoundAt;
        if (!owned.isEmpty()) {
            next = earliest(next, heartbeater.fenceDeadline());
        }
        next = earliest(next, elector.fenceDeadline());
        if (heartbeater.isHealthy(now)) {
            if (elector.isLeader()) {
                next = earliest(next, handoffs.nextDeadline());
            }
            if (synchronizer.isRequested()) {
                next = now;
            }
        }
        if (state == CoordinatorState.LEAVING) {
            next = earliest(next, shutdown.nextDeadline());
        }
        return next.isBefore(now) ? now : next;
    }

    private static Instant earliest(Instant a, Instant b) {
        return b != null && b.isBefore(a) ? b : a;
    }

    // --- confinement -----------------------------------------------------------------------------------------

    /** Runs {@code command} now, or when the current call ends if the core is busy (called from the listener). */
    private void command(Runnable command) {
        exclusive(() -> {
            command.run();
            if (synchronizer.isRequested() && heartbeater.isHealthy(lastNow) && state != CoordinatorState.STOPPED) {
                synchronizer.sync(lastNow, heartbeater.lastMember().inboxVersion());
            }
            return null;
        });
    }

    private <T> T exclusive(Supplier<T> body) {
        if (busy) {
            deferred.add(body::get);
            return null;
        }
        busy = true;
        try (MDC.MDCCloseable ignored = MDC.putCloseable("workerId", ctx.workerId())) {
            T result = body.get();
            while (!deferred.isEmpty()) {
                deferred.poll().run();
            }
            if (state == CoordinatorState.LEAVING && shutdown.isDone()) {
                shutdown.finish();
                stop();
            }
            return result;
        } finally {
            busy = false;
            owned.publish();
            leaderSnapshot = elector.isLeader();
            Instant deadline = heartbeater.fenceDeadline();
            if (deadline != null) {
                fenceDeadlineSnapshot = Monotonic.nanos(deadline);
                fenceDeadlineKnown = true;
            }
        }
    }

    private void stop() {
        state = state.transitionTo(CoordinatorState.STOPPED);
        shutdownFuture.complete(null);
    }
}
