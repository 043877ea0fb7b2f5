package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.aws.KinesisProxy;
import io.shardline.kcl.internal.aws.ShardDescription;
import io.shardline.kcl.internal.aws.ShardListFilter;
import io.shardline.kcl.internal.aws.StreamRef;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.WriteResult;
import io.shardline.lease.internal.shared.AwsErrors;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shard discovery and lease cleanup against the stream: lists the shards ({@code ListShards}, every page; with
 * {@code ShardFilter AT_TIMESTAMP} too when that is the initial position), reads the lease table once, creates the
 * missing leases parents first as {@link NewLeases} says (conditional creates: idempotent when workers race; through
 * the coordinator, which creates this worker's share of them already owned by it), and, for
 * the leader, deletes the finished leases {@link LeaseCleanup} says are no longer needed (deletes fenced on the token
 * read). Every worker syncs once at start; the leader syncs and cleans up every {@code shardSyncInterval}, and at once
 * when {@link LeaseMaintenance} finds a gap in the hash-key coverage. Blocking: runs on the shard-sync thread.
 */
final class ShardSyncer {

    private static final Logger LOG = LoggerFactory.getLogger(ShardSyncer.class);
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What one sync saw and did.
     *
     * @param created how many leases this sync created
     * @param graph   the shards listed (no filter)
     * @param leases  the lease table as read before the creates
     */
    record Result(int created, ShardGraph graph, List<Lease> leases) {
    }

    /** How the planned leases are written: {@code LeaseCoordinator::createLeases}, or unowned creates. */
    @FunctionalInterface
    interface LeaseCreation {
        /** @return the leases created (as written) */
        List<Lease> create(List<Lease> existing, List<Lease> toCreate);
    }

    private final KinesisProxy kinesis;
    private final StreamRef stream;
    private final LeaseStore leases;
    private final StartingPosition initialPosition;
    private final String workerId;
    private final LeaseCreation creation;

    /** Creates every lease unowned, for the leader to assign. */
    ShardSyncer(KinesisProxy kinesis, StreamRef stream, LeaseStore leases, StartingPosition initialPosition,
            String workerId) {
        this(kinesis, stream, leases, initialPosition, workerId,
                (existing, toCreate) -> toCreate.stream().filter(leases::createIfAbsent).toList());
    }

    /** Creates the leases through {@code creation} (the coordinator: this worker's share created owned). */
    ShardSyncer(KinesisProxy kinesis, StreamRef stream, LeaseStore leases, StartingPosition initialPosition,
            String workerId, LeaseCreation creation) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.leases = leases;
        this.initialPosition = initialPosition;
        this.workerId = workerId;
        this.creation = creation;
    }

    /**
     * One sync: creates the missing leases.
     *
     * @throws io.shardline.kcl.retrieval.RetrievalException      when listing the shards failed
     * @throws io.shardline.lease.LeaseStoreException when the lease table failed
     */
    Result sync() {
        List<Lease> existing = leases.list();
        ShardGraph graph = new ShardGraph(listShards(null));
        Set<String> timestampRoots = initialPosition.kind() == StartingPosition.Kind.AT_TIMESTAMP
                ? listShards(ShardListFilter.atTimestamp(initialPosition.timestamp())).stream()
                        .map(ShardDescription::shardId).collect(Collectors.toSet())
                : Set.of();
        Set<String> keys = existing.stream().map(Lease::leaseKey).collect(Collectors.toSet());
        List<Lease> planned = NewLeases.plan(graph, keys, initialPosition, timestampRoots);
        int created = 0;
        int mine = 0;
        if (!planned.isEmpty()) {
            List<Lease> written = creation.create(existing, planned);
            created = written.size();
            mine = (int) written.stream().filter(l -> l.isOwnedBy(workerId)).count();
        }
        if (created > 0) {
            LOG.info("{}: shard sync of {} created {} leases, {} of them owned by this worker ({} shards listed)",
                    workerId, stream, created, mine, graph.size());
        }
        return new Result(created, graph, existing);
    }

    /**
     * Deletes the finished leases that {@code result} shows are no longer needed, each fenced on the token read.
     *
     * @return how many were deleted
     */
    int cleanUp(Result result) {
        int deleted = 0;
        for (LeaseCleanup.Deletion d : LeaseCleanup.deletable(result.leases(), result.graph())) {
            WriteResult r = leases.delete(d.lease().token());
            if (r.isOk()) {
                deleted++;
                LOG.info("{}: deleted the finished lease {} ({})", workerId, d.lease().leaseKey(),
                        d.reason() == LeaseCleanup.Reason.RETENTION ? "shard gone from retention"
                                : "its children are under way");
            }
        }
        return deleted;
    }

    private List<ShardDescription> listShards(ShardListFilter filter) {
        try {
            return kinesis.listShards(stream, filter).get(LIST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = AwsErrors.unwrap(e);
            throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("ListShards of " + stream + " failed", cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("ListShards of " + stream + " did not answer within " + LIST_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the shards of " + stream, e);
        }
    }
}
