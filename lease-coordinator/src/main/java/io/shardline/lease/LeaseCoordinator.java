package io.shardline.lease;

import io.shardline.lease.internal.CoordinatorRuntime;
import io.shardline.lease.internal.PolledCoordinator;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps this worker's share of the leases: heartbeats its member item, drops its leases before peers may take them
 * when it cannot heartbeat (self-fencing), follows the leader's assignments and, while it is leader, assigns
 * orphaned leases at once and balances the rest with graceful handoffs. See {@code docs/architecture.md},
 * "Coordination protocol".
 *
 * <p>All coordination state lives on one thread, {@code shardline-coordinator-<workerId>}; the methods here are
 * thread-safe and either read a snapshot or post a command to that thread. Changes reach the application as
 * {@link LeaseEvent}s on that thread.
 *
 * <p><b>Handoffs.</b> When a {@link LeaseEvent.HandoffRequested} arrives, the consumer layer lets the processor
 * checkpoint and then calls {@link #completeHandoff}. Used alone (no processor to stop), either create the
 * coordinator without a listener ({@link #create(LeaseCoordinatorConfig, LeaseStore, CoordinationStore)}) or set
 * {@link LeaseCoordinatorConfig#autoCompleteHandoff()}: the coordinator then completes every handoff itself right
 * after the event. Otherwise an unconfirmed handoff is forced after {@code handoffTimeout}.
 *
 * <p>The stores must be {@linkplain LeaseStore#initialize() initialized} before {@link #start()}.
 */
public interface LeaseCoordinator extends AutoCloseable {

    /** A coordinator on the system's clocks ({@link Time#system()}). Call {@link #start()} to run it. */
    static LeaseCoordinator create(LeaseCoordinatorConfig config, LeaseStore leaseStore,
            CoordinationStore coordinationStore, LeaseListener listener) {
        return create(config, leaseStore, coordinationStore, listener, Time.system());
    }

    /**
     * A coordinator whose timing decisions read {@code time}'s monotonic clock ({@link Time#nanoTime()}; its wall
     * clock is never read: no decision depends on a date). The thread waits in real time for the span the core asks
     * for (at most one heartbeat interval at a time), so {@code time.nanoTime()} must advance with real time; to drive
     * time by hand, use {@link #polled} instead.
     */
    static LeaseCoordinator create(LeaseCoordinatorConfig config, LeaseStore leaseStore,
            CoordinationStore coordinationStore, LeaseListener listener, Time time) {
        return new CoordinatorRuntime(config, leaseStore, coordinationStore, listener, time);
    }

    /**
     * A coordinator with no listener, for lease-coordinator used on its own: with no one to confirm a handoff it
     * completes every handoff itself (as if {@code autoCompleteHandoff} were set). Read its leases with
     * {@link #ownedLeases()}.
     */
    static LeaseCoordinator create(LeaseCoordinatorConfig config, LeaseStore leaseStore,
            CoordinationStore coordinationStore) {
        return create(config.toBuilder().autoCompleteHandoff(true).build(), leaseStore, coordinationStore,
                LeaseListener.noOp());
    }

    /**
     * A coordinator without a thread, driven by calling {@link PolledLeaseCoordinator#poll} (the lease simulation in
     * {@code benchmarks/}, deterministic tests). Same protocol, same events, same code as the threaded one; see
     * {@link PolledLeaseCoordinator} for the threading rules.
     *
     * @param time its monotonic clock is read only to bound the writes of one round (see
     *             {@link PolledLeaseCoordinator}); a manual time that stands still during {@code poll} never bounds
     *             them. {@code poll}'s {@code now} must be on the same timeline: {@code EPOCH + time.nanoTime()}
     */
    static PolledLeaseCoordinator polled(LeaseCoordinatorConfig config, LeaseStore leaseStore,
            CoordinationStore coordinationStore, LeaseListener listener, Time time) {
        return new PolledCoordinator(config, leaseStore, coordinationStore, listener, time);
    }

    /** Starts the coordinator thread; the first round runs at once. Idempotent. */
    void start();

    /**
     * Graceful shutdown: marks this member leaving (no new leases come to it), releases leadership, requests a
     * handoff of every owned lease to the least-loaded live members (or a release when there is none), moves each
     * one after its {@link #completeHandoff} (or after {@code handoffTimeout} without), then deletes its member
     * item. Peers pick the leases up in their next round. Idempotent.
     *
     * @return completes when the member item is deleted and the thread has stopped; bound the wait with
     *         {@code orTimeout}/{@code get(timeout)} and {@link #close()} after it if needed
     */
    CompletableFuture<Void> shutdown();

    /**
     * Immediate stop: ends the coordinator thread without touching the stores and without further events. Leases
     * stay owned in the table until peers see this member dead ({@code failoverTimeout}); the caller stops its
     * processors. A pending {@link #shutdown()} future completes exceptionally.
     */
    @Override
    void close();

    /** This worker's id: the owner written into its leases. */
    String workerId();

    /** The tokens of the leases this worker holds now (immutable snapshot). */
    Set<LeaseToken> ownedLeases();

    /** The token this worker holds for {@code leaseKey}, if it holds the lease. */
    Optional<LeaseToken> currentToken(String leaseKey);

    /**
     * The processor of {@code leaseKey} checkpointed after a {@link LeaseEvent.HandoffRequested}: transfer the lease
     * to its pending owner now (one conditional write, counter + 1) and tell that owner. Emits
     * {@link LeaseEvent.Lost} ({@code HANDED_OFF}, or {@code TAKEN_OVER} when the lease moved meanwhile). Ignored
     * when no handoff is pending for the lease.
     */
    void completeHandoff(String leaseKey);

    /**
     * A fenced write (a checkpoint) came back {@link WriteResult.Fenced} for {@code leaseKey}: drop the lease locally,
     * emit {@link LeaseEvent.Lost} ({@code TAKEN_OVER}) and re-read this worker's leases at once.
     */
    void reportFenced(String leaseKey);

    /**
     * Leases that just became assignable (kcl-core: the children of a shard whose end was checkpointed) are assigned
     * now instead of at the leader's next periodic scan ({@code leaseScanInterval}). On the coordinator thread this
     * worker reads the lease table once, asks the configured {@link AssignmentStrategy} for a plan exactly as the
     * leader would, and writes only the assignments of the requested leases that are unowned and eligible: each is a
     * fenced transfer; one planned to this worker is {@link LeaseEvent.Acquired} at once, one planned to another
     * member reaches it through an inbox bump (its next round). Leases the plan leaves unassigned, and all balancing,
     * stay with the leader. Never blocks; ignored once the coordinator is leaving or stopped.
     */
    void requestAssignment(Collection<String> leaseKeys);

    /**
     * Whether this worker must no longer act on its leases at monotonic time {@code nanoTime} (a
     * {@link Time#nanoTime()} of the coordinator's {@link Time}): no heartbeat succeeded in the last
     * {@code failoverTimeout - selfFenceMargin} (or none yet). Peers may take the leases {@code selfFenceMargin} later,
     * so a processor must not be handed anything from then on, even before the coordinator has dropped the leases
     * (its thread may itself be blocked in a store call). Thread-safe, cheap (a volatile read).
     */
    boolean isPastFenceDeadline(long nanoTime);

    /**
     * Creates the leases of {@code toCreate} that do not exist yet, one conditional create each (a row another worker
     * created meanwhile is left as it is), giving this worker at once the ones it would hold anyway. Once this
     * worker has settled (its member item heartbeated for one interval: the wait of the leader's cold start, so
     * workers started together see one another first), before each chunk of 100 leases it reads the member items
     * and asks the configured {@link AssignmentStrategy} which eligible new leases it would leave with
     * this worker if it owned them (its share; with count-balanced and {@code W} members, up to
     * {@code ceil(n / W)} of the {@code n} leases, capped by {@code maxLeasesPerWorker}). Those are created owned
     * by this worker (counter 1): one write instead of a create plus the leader's transfer. The rest, and every
     * lease that is not eligible (a child waiting on its parents), are created unowned for the leader to assign.
     * Safe under races: each row is created once; a worker that created its leases and died before its first
     * heartbeat holds them as an unknown owner until {@code foreignOwnerTimeout}. When the members cannot be read,
     * everything is created unowned, as is everything before this worker settled (so also before {@link #start()}).
     * Blocking; callable from any thread; after each chunk that created leases it owns, this worker re-reads its
     * leases at once.
     *
     * @param existing the lease table as just read (what the share is computed from)
     * @param toCreate the leases to create, unowned, in creation order (parents first)
     * @return the leases this call created, as written
     */
    List<Lease> createLeases(Collection<Lease> existing, List<Lease> toCreate);

    /** Whether this worker holds the leader item now (as it last knew). */
    boolean isLeader();

    /** Counters since creation (thread-safe snapshot). */
    CoordinatorStats stats();
}
