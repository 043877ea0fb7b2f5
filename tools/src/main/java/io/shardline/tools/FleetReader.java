package io.shardline.tools;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaderRecord;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.Member;
import io.shardline.lease.MemberStatus;
import io.shardline.tools.FleetSnapshot.ShardRow;
import io.shardline.tools.FleetSnapshot.Totals;
import io.shardline.tools.FleetSnapshot.WorkerRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Reads an application's state: the lease table (one Scan), the coordination table (a Scan of members, one of
 * status items, the leader item) and the stream's shards (ListShards, all pages; skipped without a stream). Keeps the
 * heartbeat observations between reads, so liveness sharpens with every read.
 */
public final class FleetReader {

    private final String application;
    private final String stream;
    private final LeaseStore leases;
    private final CoordinationStore coordination;
    private final KinesisAsyncClient kinesis;
    private final LivenessWatch liveness;
    private final Clock clock;

    public FleetReader(String application, String stream, LeaseStore leases, CoordinationStore coordination,
            KinesisAsyncClient kinesis, Duration deadAfter) {
        this.application = Objects.requireNonNull(application, "application");
        this.stream = stream;
        this.leases = Objects.requireNonNull(leases, "leases");
        this.coordination = Objects.requireNonNull(coordination, "coordination");
        this.kinesis = kinesis;
        this.liveness = new LivenessWatch(deadAfter, System::nanoTime);
        this.clock = Clock.systemUTC();
    }

    public static FleetReader of(AwsOptions aws, Duration deadAfter) {
        return new FleetReader(aws.application(), aws.stream(), aws.leaseStore(), aws.coordinationStore(),
                aws.stream() == null ? null : aws.kinesis(), deadAfter);
    }

    /** Heartbeat counters only (cheap): call it before {@link #read()} to give liveness a first observation. */
    public void observeHeartbeats() {
        for (Member m : coordination.listMembers()) {
            liveness.observe(m.memberId(), m.heartbeat());
        }
        LeaderRecord leader = coordination.readLeader();
        if (leader != null) {
            liveness.observe("leader:" + leader.holder(), leader.heartbeat());
        }
    }

    public Duration deadAfter() {
        return liveness.deadAfter();
    }

    /** The lease table alone (commands that change leases). */
    public List<Lease> leases() {
        return leases.list();
    }

    public FleetSnapshot read() {
        List<Lease> all = leases.list();
        List<Member> members = coordination.listMembers();
        members.forEach(m -> liveness.observe(m.memberId(), m.heartbeat()));
        LeaderRecord leaderItem = coordination.readLeader();
        if (leaderItem != null) {
            liveness.observe("leader:" + leaderItem.holder(), leaderItem.heartbeat());
        }
        String leader = leaderItem != null && !"dead".equals(liveness.liveness("leader:" + leaderItem.holder()))
                ? leaderItem.holder() : null;
        Map<String, MemberStatus.LeaseStatus> published = new HashMap<>();
        Map<String, MemberStatus> statusByWorker = new HashMap<>();
        for (MemberStatus s : coordination.listStatuses()) {
            statusByWorker.put(s.memberId(), s);
        }
        Map<String, Lease> byKey = all.stream().collect(Collectors.toMap(Lease::leaseKey, l -> l, (a, b) -> a,
                TreeMap::new));
        for (Lease lease : byKey.values()) {
            MemberStatus s = lease.owner() == null ? null : statusByWorker.get(lease.owner());
            if (s != null) {
                s.leases().stream().filter(l -> l.leaseKey().equals(lease.leaseKey())).findFirst()
                        .ifPresent(l -> published.put(lease.leaseKey(), l));
            }
        }
        Set<String> memberIds = members.stream().map(Member::memberId).collect(Collectors.toSet());
        List<ShardRow> shards = shardRows(byKey, published, memberIds);
        List<WorkerRow> workers = workerRows(members, all, leader, statusByWorker);
        return new FleetSnapshot(application, stream, leases.tableName(), clock.instant(), leader, shards, workers,
                totals(shards, workers));
    }

    private List<ShardRow> shardRows(Map<String, Lease> byKey, Map<String, MemberStatus.LeaseStatus> published,
            Set<String> memberIds) {
        Map<String, Shard> kinesisShards = listShards();
        Map<String, Set<String>> children = new HashMap<>();
        kinesisShards.values().forEach(s -> parentsOf(s).forEach(p ->
                children.computeIfAbsent(p, k -> new TreeSet<>()).add(s.shardId())));
        Set<String> ids = new TreeSet<>(byKey.keySet());
        ids.addAll(kinesisShards.keySet());
        List<ShardRow> rows = new ArrayList<>();
        for (String id : ids) {
            Lease lease = byKey.get(id);
            Shard shard = kinesisShards.get(id);
            Set<String> parents = new TreeSet<>(shard != null ? parentsOf(shard) : Set.of());
            Set<String> kids = new TreeSet<>(children.getOrDefault(id, Set.of()));
            if (lease != null) {
                parents.addAll(lease.parentLeaseKeys());
                kids.addAll(lease.childLeaseKeys());
            }
            Boolean open = shard == null ? null : shard.sequenceNumberRange().endingSequenceNumber() == null;
            String owner = lease == null ? null : lease.owner();
            String ownerLiveness = owner == null ? "none"
                    : memberIds.contains(owner) ? liveness.liveness(owner) : "foreign";
            MemberStatus.LeaseStatus p = published.get(id);
            rows.add(new ShardRow(id, List.copyOf(parents), List.copyOf(kids), open, lease != null, owner,
                    ownerLiveness, lease == null || lease.checkpoint() == null ? null : lease.checkpoint().toString(),
                    p == null ? -1 : p.millisBehindLatest(), p == null ? 0 : p.recordsPerSecond(),
                    p == null ? 0 : p.bytesPerSecond(), p == null ? null : p.lastCheckpointAt(),
                    p == null ? null : p.phase(), lease == null ? null : lease.pendingOwner()));
        }
        return rows;
    }

    private List<WorkerRow> workerRows(List<Member> members, List<Lease> all, String leader,
            Map<String, MemberStatus> statuses) {
        Map<String, Long> owned = all.stream().filter(l -> l.owner() != null)
                .collect(Collectors.groupingBy(Lease::owner, Collectors.counting()));
        Map<String, WorkerRow> rows = new LinkedHashMap<>();
        for (Member m : members.stream().sorted(Comparator.comparing(Member::memberId)).toList()) {
            MemberStatus s = statuses.get(m.memberId());
            rows.put(m.memberId(), new WorkerRow(m.memberId(), owned.getOrDefault(m.memberId(), 0L).intValue(),
                    m.memberId().equals(leader), liveness.liveness(m.memberId()),
                    liveness.heartbeatAgeMillis(m.memberId()), m.leaving(), s == null ? null : s.publishedAt()));
        }
        return List.copyOf(rows.values());
    }

    private static Totals totals(List<ShardRow> shards, List<WorkerRow> workers) {
        return new Totals(shards.size(), (int) shards.stream().filter(s -> Boolean.TRUE.equals(s.open())).count(),
                (int) shards.stream().filter(ShardRow::hasLease).count(),
                (int) shards.stream().filter(s -> s.owner() != null).count(),
                (int) shards.stream().filter(ShardRow::finished).count(), workers.size(),
                (int) workers.stream().filter(w -> "alive".equals(w.liveness())).count(),
                shards.stream().mapToDouble(ShardRow::recordsPerSecond).sum(),
                shards.stream().mapToDouble(ShardRow::bytesPerSecond).sum(),
                shards.stream().mapToLong(ShardRow::millisBehindLatest).max().orElse(-1),
                (int) shards.stream().filter(s -> s.pendingOwner() != null).count());
    }

    private Map<String, Shard> listShards() {
        Map<String, Shard> shards = new TreeMap<>();
        if (stream == null || kinesis == null) {
            return shards;
        }
        String token = null;
        do {
            ListShardsRequest.Builder request = ListShardsRequest.builder();
            if (token != null) {
                request.nextToken(token);
            } else if (stream.startsWith("arn:")) {
                request.streamARN(stream);
            } else {
                request.streamName(stream);
            }
            ListShardsResponse response = kinesis.listShards(request.build()).join();
            response.shards().forEach(s -> shards.put(s.shardId(), s));
            token = response.nextToken();
        } while (token != null);
        return shards;
    }

    static Set<String> parentsOf(Shard s) {
        Set<String> parents = new TreeSet<>();
        if (s.parentShardId() != null) {
            parents.add(s.parentShardId());
        }
        if (s.adjacentParentShardId() != null) {
            parents.add(s.adjacentParentShardId());
        }
        return parents;
    }

    /** When this snapshot was taken, for ages. */
    Instant now() {
        return clock.instant();
    }
}
