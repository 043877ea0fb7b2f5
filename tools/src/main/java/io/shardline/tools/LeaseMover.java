package io.shardline.tools;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.Member;
import io.shardline.lease.WriteResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Moves a lease through the fleet's own graceful handoff: sets {@code pendingOwner} conditional on the owner's token
 * (the leader's {@code requestHandoff}) and bumps the owner's inbox; the owner stops fetching, lets the processor
 * checkpoint in {@code shutdownRequested}, and transfers the lease (counter + 1) to the target, which resumes exactly
 * after that checkpoint: no record twice. An unowned lease has no consumer to stop and is transferred directly. If the
 * owner does not complete within its {@code handoffTimeout}, the leader forces the transfer (the fleet's rule, not
 * ours). Waiting can be interrupted at any time: the request in the table is a complete state the fleet finishes.
 */
final class LeaseMover {

    private final LeaseStore leases;
    private final CoordinationStore coordination;
    private final PrintWriter progress;

    LeaseMover(LeaseStore leases, CoordinationStore coordination, PrintWriter progress) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.coordination = Objects.requireNonNull(coordination, "coordination");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** The live worker (not leaving) other than the lease's owner with the fewest leases, from {@code fleet}. */
    static String leastLoadedOther(String leaseKey, FleetSnapshot fleet) {
        String owner = fleet.shards().stream().filter(s -> s.shardId().equals(leaseKey)).findFirst()
                .map(FleetSnapshot.ShardRow::owner).orElse(null);
        return fleet.workers().stream()
                .filter(w -> "alive".equals(w.liveness()) && !w.leaving() && !w.workerId().equals(owner))
                .min(Comparator.comparingInt(FleetSnapshot.WorkerRow::leases)
                        .thenComparing(FleetSnapshot.WorkerRow::workerId))
                .map(FleetSnapshot.WorkerRow::workerId)
                .orElseThrow(() -> new IllegalArgumentException("no other live worker to release " + leaseKey
                        + " to (owner " + owner + "; workers " + fleet.workers().stream().map(w -> w.workerId()
                        + " " + w.liveness()).toList() + ")"));
    }

    /** Requests the move and waits (up to {@code timeout}) until {@code target} owns the lease. */
    Lease move(String leaseKey, String target, Duration timeout) throws InterruptedException {
        Lease lease = lease(leaseKey);
        List<Member> members = coordination.listMembers();
        Member to = members.stream().filter(m -> m.memberId().equals(target)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--to " + target + " is not a worker of the "
                        + "application (workers: " + members.stream().map(Member::memberId).sorted().toList() + ")"));
        if (to.leaving()) {
            throw new IllegalArgumentException("--to " + target + " is shutting down");
        }
        if (target.equals(lease.owner())) {
            progress.println(leaseKey + " is already owned by " + target);
            return lease;
        }
        if (lease.checkpoint() != null && lease.checkpoint().isShardEnd()) {
            throw new IllegalArgumentException(leaseKey + " is finished (SHARD_END); there is nothing to move");
        }
        WriteResult result;
        if (lease.owner() == null) {
            result = leases.transfer(lease.token(), target);
            coordination.notifyMember(target);
        } else {
            result = leases.requestHandoff(lease.token(), target);
            coordination.notifyMember(lease.owner());
        }
        if (!result.isOk()) {
            throw new IllegalStateException(leaseKey + " changed while the move was requested (owner or counter "
                    + "moved); nothing was written; run the command again");
        }
        progress.println("requested: " + leaseKey + " " + (lease.owner() == null ? "(unowned)" : lease.owner())
                + " -> " + target + (lease.owner() == null ? " (direct transfer)" : " (graceful handoff)"));
        long deadline = System.nanoTime() + timeout.toNanos();
        long started = System.nanoTime();
        while (true) {
            Lease now = lease(leaseKey);
            if (target.equals(now.owner())) {
                progress.printf("\rdone: %s owned by %s (counter %d, checkpoint %s) after %d ms%n", leaseKey,
                        target, now.counter(), now.checkpoint(), (System.nanoTime() - started) / 1_000_000);
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(leaseKey + " is not owned by " + target + " after " + timeout
                        + " (owner " + now.owner() + ", pending " + now.pendingOwner() + "); the request stays "
                        + "in the table and the fleet completes or re-targets it");
            }
            progress.printf("\rwaiting: %s owner %s, pending %s, %d ms", leaseKey, now.owner(), now.pendingOwner(),
                    (System.nanoTime() - started) / 1_000_000);
            progress.flush();
            Thread.sleep(200);
        }
    }

    private Lease lease(String leaseKey) {
        return leases.get(leaseKey).orElseThrow(() -> new IllegalArgumentException("no lease " + leaseKey
                + " in " + leases.tableName()));
    }
}
