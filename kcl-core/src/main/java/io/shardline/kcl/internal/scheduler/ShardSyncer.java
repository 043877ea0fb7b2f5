package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.aws.KinesisErrors;
import io.shardline.kcl.internal.aws.KinesisProxy;
import io.shardline.kcl.internal.aws.ShardDescription;
import io.shardline.kcl.internal.aws.StreamRef;
import io.shardline.kcl.internal.consumer.Lineage;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shard discovery, minimal: lists the stream's shards and creates the leases that are missing, parents before
 * children, each with its parents and hash-key range. Idempotent under races ({@code createIfAbsent}): every worker
 * runs it once at start, and the leader every {@code shardSyncInterval}.
 *
 * <p>Which shards get a lease:
 * <ul>
 *   <li>initial position {@code TRIM_HORIZON} or {@code AT_TIMESTAMP}: every shard listed, open or closed (a closed
 *       shard whose records all predate the timestamp is read to its end at once);</li>
 *   <li>{@code LATEST}: open shards only (a closed shard has nothing after LATEST).</li>
 * </ul>
 * A new lease starts without checkpoint (the initial position applies), except when one of its parents already had
 * a lease before this sync: it is then a child of a shard being consumed and starts at {@code TRIM_HORIZON}, so the
 * records written to it since the reshard are not skipped. Full resharding support (lease cleanup, lineage repair) is
 * not part of this class.
 */
final class ShardSyncer {

    private static final Logger LOG = LoggerFactory.getLogger(ShardSyncer.class);
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(30);

    private final KinesisProxy kinesis;
    private final StreamRef stream;
    private final LeaseStore leases;
    private final StartingPosition initialPosition;
    private final String workerId;

    ShardSyncer(KinesisProxy kinesis, StreamRef stream, LeaseStore leases, StartingPosition initialPosition,
            String workerId) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.leases = leases;
        this.initialPosition = initialPosition;
        this.workerId = workerId;
    }

    /**
     * One sync.
     *
     * @return how many leases this call created
     * @throws io.shardline.kcl.retrieval.RetrievalException      when listing the shards failed
     * @throws io.shardline.lease.LeaseStoreException when the lease table failed
     */
    int sync() {
        List<ShardDescription> shards = listShards();
        Map<String, Lease> existing = leases.list().stream()
                .collect(Collectors.toMap(Lease::leaseKey, Function.identity(), (a, b) -> a));
        boolean openOnly = initialPosition.kind() == StartingPosition.Kind.LATEST;
        int created = 0;
        for (ShardDescription shard : parentsFirst(shards)) {
            if (existing.containsKey(shard.shardId()) || (openOnly && shard.isClosed())) {
                continue;
            }
            Set<String> parents = parentsOf(shard);
            Lease lease = Lease.unowned(shard.shardId()).withLineage(parents, Set.of(), shard.hashKeyRange());
            if (parents.stream().anyMatch(existing::containsKey)) {
                lease = lease.withCheckpoint(Lineage.trimHorizonCheckpoint());
            }
            if (leases.createIfAbsent(lease)) {
                created++;
            }
        }
        if (created > 0) {
            LOG.info("{}: shard sync of {} created {} leases ({} shards listed)", workerId, stream, created,
                    shards.size());
        }
        return created;
    }

    private List<ShardDescription> listShards() {
        try {
            return kinesis.listShards(stream, null).get(LIST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = KinesisErrors.unwrap(e);
            throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("ListShards of " + stream + " failed", cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("ListShards of " + stream + " did not answer within " + LIST_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the shards of " + stream, e);
        }
    }

    private static Set<String> parentsOf(ShardDescription shard) {
        Set<String> parents = new LinkedHashSet<>();
        if (shard.parentShardId() != null) {
            parents.add(shard.parentShardId());
        }
        if (shard.adjacentParentShardId() != null) {
            parents.add(shard.adjacentParentShardId());
        }
        return parents;
    }

    /** The shards ordered so that every listed parent comes before its children (then by shard id). */
    static List<ShardDescription> parentsFirst(List<ShardDescription> shards) {
        Map<String, ShardDescription> byId = new HashMap<>();
        shards.forEach(s -> byId.put(s.shardId(), s));
        Map<String, Integer> depths = new HashMap<>();
        shards.forEach(s -> depth(s, byId, depths, 0));
        List<ShardDescription> ordered = new ArrayList<>(shards);
        ordered.sort(Comparator.<ShardDescription>comparingInt(s -> depths.get(s.shardId()))
                .thenComparing(ShardDescription::shardId));
        return ordered;
    }

    private static int depth(ShardDescription shard, Map<String, ShardDescription> byId,
            Map<String, Integer> depths, int guard) {
        Integer known = depths.get(shard.shardId());
        if (known != null) {
            return known;
        }
        int depth = 0;
        for (String parent : parentsOf(shard)) {
            ShardDescription p = byId.get(parent);
            if (p != null && guard < byId.size()) {
                depth = Math.max(depth, 1 + depth(p, byId, depths, guard + 1));
            }
        }
        depths.put(shard.shardId(), depth);
        return depth;
    }
}
