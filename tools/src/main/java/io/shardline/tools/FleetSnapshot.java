package io.shardline.tools;

import java.time.Instant;
import java.util.List;

/**
 * One look at an application: every shard of its stream with lineage, lease and progress, every worker, totals. What
 * {@code shardline status --json} prints and the operator page's {@code /api/fleet} returns.
 */
public record FleetSnapshot(String application, String stream, String leaseTable, Instant takenAt, String leader,
        List<ShardRow> shards, List<WorkerRow> workers, Totals totals) {

    public FleetSnapshot {
        shards = List.copyOf(shards);
        workers = List.copyOf(workers);
    }

    /**
     * A shard: lineage from Kinesis ({@code open}: no ending sequence number; {@code null} when the stream was not
     * read), its lease (absent: {@code hasLease=false}), the owner's liveness ({@code alive}, {@code dead},
     * {@code unknown}, {@code foreign} for a non-Shardline owner, {@code none} when unowned) and what the owner last
     * published about it (lag -1 and rates 0 when nothing).
     */
    public record ShardRow(String shardId, List<String> parents, List<String> children, Boolean open,
            boolean hasLease, String owner, String ownerLiveness, String checkpoint, long millisBehindLatest,
            double recordsPerSecond, double bytesPerSecond, Instant lastCheckpointAt, String phase,
            String pendingOwner) {

        public ShardRow {
            parents = List.copyOf(parents);
            children = List.copyOf(children);
        }

        public boolean finished() {
            return "SHARD_END".equals(checkpoint);
        }
    }

    /**
     * A worker (member item): leases it owns in the lease table, whether it leads, its liveness as observed by this
     * reader, how long ago its heartbeat counter was last seen to change (null: not observed long enough), whether it
     * is leaving, and when it last published its status (null: never).
     */
    public record WorkerRow(String workerId, int leases, boolean leader, String liveness, Long heartbeatAgeMillis,
            boolean leaving, Instant statusPublishedAt) {
    }

    /** Sums over the shards and workers. */
    public record Totals(int shards, int openShards, int leases, int ownedLeases, int finishedLeases, int workers,
            int aliveWorkers, double recordsPerSecond, double bytesPerSecond, long maxMillisBehindLatest,
            int pendingHandoffs) {
    }
}
