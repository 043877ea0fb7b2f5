package io.shardline.tools;

import io.shardline.tools.FleetSnapshot.ShardRow;
import io.shardline.tools.FleetSnapshot.Totals;
import io.shardline.tools.FleetSnapshot.WorkerRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** The human form of a {@link FleetSnapshot}. */
final class StatusText {

    private StatusText() {
    }

    static String render(FleetSnapshot s) {
        StringBuilder out = new StringBuilder();
        out.append("application ").append(s.application()).append("  stream ")
                .append(s.stream() == null ? "(not given)" : s.stream()).append("  lease table ")
                .append(s.leaseTable()).append("  at ").append(s.takenAt()).append('\n').append('\n');
        TextTable shards = new TextTable("SHARD", "PARENTS", "CHILDREN", "STATE", "OWNER", "WORKER", "CHECKPOINT",
                "LAG", "REC/S", "KB/S", "LAST CKPT", "PHASE", "HANDOFF TO");
        for (ShardRow r : s.shards()) {
            shards.row(r.shardId(), join(r.parents()), join(r.children()),
                    r.open() == null ? "?" : r.open() ? "open" : "closed", r.hasLease() ? r.owner() : "(no lease)",
                    r.ownerLiveness(), abbreviate(r.checkpoint()), lag(r.millisBehindLatest()),
                    rate(r.recordsPerSecond()), rate(r.bytesPerSecond() / 1024), age(r.lastCheckpointAt(),
                            s.takenAt()), r.phase(), r.pendingOwner());
        }
        out.append(shards);
        out.append('\n');
        TextTable workers = new TextTable("WORKER", "LEASES", "LEADER", "LIVENESS", "HEARTBEAT", "LEAVING",
                "STATUS PUBLISHED");
        for (WorkerRow w : s.workers()) {
            workers.row(w.workerId(), w.leases(), w.leader() ? "yes" : "", w.liveness(),
                    w.heartbeatAgeMillis() == null ? "?" : w.heartbeatAgeMillis() + " ms ago",
                    w.leaving() ? "yes" : "", age(w.statusPublishedAt(), s.takenAt()));
        }
        out.append(workers);
        Totals t = s.totals();
        out.append('\n').append(String.format(Locale.ROOT,
                "totals: %d shards (%d open), %d leases (%d owned, %d finished), %d workers (%d alive), "
                        + "%.1f records/s, %.1f KB/s, max lag %s, %d pending handoffs%n",
                t.shards(), t.openShards(), t.leases(), t.ownedLeases(), t.finishedLeases(), t.workers(),
                t.aliveWorkers(), t.recordsPerSecond(), t.bytesPerSecond() / 1024, lag(t.maxMillisBehindLatest()),
                t.pendingHandoffs()));
        return out.toString();
    }

    static String join(java.util.List<String> ids) {
        return ids.isEmpty() ? "" : String.join(",", ids.stream().map(StatusText::shortShard).toList());
    }

    /** {@code shardId-000000000004} -> {@code 4}, for the lineage columns. */
    static String shortShard(String id) {
        if (id.startsWith("shardId-")) {
            String digits = id.substring("shardId-".length()).replaceFirst("^0+(?=.)", "");
            return "#" + digits;
        }
        return id;
    }

    static String abbreviate(String checkpoint) {
        if (checkpoint == null) {
            return null;
        }
        return checkpoint.length() > 16 ? "..." + checkpoint.substring(checkpoint.length() - 12) : checkpoint;
    }

    static String lag(long millis) {
        if (millis < 0) {
            return "?";
        }
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    static String age(Instant at, Instant now) {
        if (at == null) {
            return null;
        }
        long seconds = Math.max(0, Duration.between(at, now).toSeconds());
        return seconds + " s ago";
    }
}
