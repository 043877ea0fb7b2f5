package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.FormerStreamLeases;
import io.shardline.kcl.StreamIdentifier;
import io.shardline.kcl.internal.aws.KinesisProxy;
import io.shardline.kcl.internal.aws.StreamRef;
import io.shardline.kcl.internal.consumer.ShardConsumer;
import io.shardline.kcl.internal.multistream.FormerStreams;
import io.shardline.kcl.internal.multistream.LeaseKeys;
import io.shardline.kcl.internal.multistream.StreamLeaseView;
import io.shardline.kcl.internal.multistream.TrackedStreams;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.Time;
import io.shardline.lease.WriteResult;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease-table upkeep of a multi-stream application, on the shard-sync thread: polls the {@link TrackedStreams}
 * ({@link #pollTracker()}), runs one {@link ShardSyncer} + {@link LeaseMaintenance} per tracked stream over a
 * {@link StreamLeaseView} (shard space: the single-stream code unchanged), stops this worker's consumers of streams no
 * longer tracked (they checkpoint in {@code shutdownRequested}; the scheduler then releases their leases), and, as
 * leader, deletes the leases of former streams as the tracker's {@link FormerStreamLeases} says.
 */
final class MultiStreamMaintenance implements ShardMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(MultiStreamMaintenance.class);

    /** Creates leases of key space (the coordinator's {@code createLeases}). */
    @FunctionalInterface
    interface KeyedCreation {
        List<Lease> create(List<Lease> existing, List<Lease> toCreate);
    }

    private record PerStream(ShardSyncer syncer, LeaseMaintenance maintenance) {
    }

    private final TrackedStreams streams;
    private final KinesisProxy kinesis;
    private final LeaseStore keySpace;
    private final KeyedCreation creation;
    private final String workerId;
    private final Supplier<Map<String, ShardConsumer>> consumers;
    private final Time time;
    private final FormerStreams former = new FormerStreams();
    private final Map<StreamIdentifier, PerStream> perStream = new LinkedHashMap<>();
    private final Set<String> stopping = new HashSet<>();

    MultiStreamMaintenance(TrackedStreams streams, KinesisProxy kinesis, LeaseStore keySpace, KeyedCreation creation,
            String workerId, Supplier<Map<String, ShardConsumer>> consumers, Time time) {
        this.streams = streams;
        this.kinesis = kinesis;
        this.keySpace = keySpace;
        this.creation = creation;
        this.workerId = workerId;
        this.consumers = consumers;
        this.time = time;
    }

    /**
     * Polls the tracker: a new stream gets its syncer and one sync now (every worker, as at start: conditional
     * creates); a stream no longer tracked loses its syncer; every consumer of this worker whose stream is not tracked
     * is asked to shut down (checked at every poll, so a lease taken while the stream was leaving stops too).
     */
    synchronized void pollTracker() {
        for (StreamIdentifier added : applyPoll().added()) {
            try {
                syncerOf(added).syncer().sync();
            } catch (RuntimeException e) {
                LOG.warn("{}: first shard sync of the new stream {} failed: {}; the leader syncs it again within the "
                        + "shard-sync interval", workerId, added, e.toString());
            }
        }
    }

    private TrackedStreams.Change applyPoll() {
        TrackedStreams.Change change = streams.poll();
        change.removed().forEach(perStream::remove);
        stopUntracked();
        return change;
    }

    private void stopUntracked() {
        for (Map.Entry<String, ShardConsumer> entry : consumers.get().entrySet()) {
            String key = entry.getKey();
            if (!streams.isTracked(key) && stopping.add(key + "#" + System.identityHashCode(entry.getValue()))) {
                LOG.info("{}: stream of lease {} is no longer tracked: stopping its consumer (it checkpoints, then "
                        + "the lease is released)", workerId, key);
                entry.getValue().requestShutdown();
                entry.getValue().terminated().whenComplete((r, e) -> forget(key, entry.getValue()));
            }
        }
    }

    private synchronized void forget(String key, ShardConsumer consumer) {
        stopping.remove(key + "#" + System.identityHashCode(consumer));
    }

    @Override
    public synchronized void initialSync() {
        applyPoll();
        RuntimeException failure = null;
        for (StreamIdentifier stream : streams.streams()) {
            try {
                syncerOf(stream).syncer().sync();
            } catch (RuntimeException error) {
                failure = failure == null ? error : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public synchronized void syncAndCleanUp() {
        for (StreamIdentifier stream : streams.streams()) {
            try {
                syncerOf(stream).maintenance().syncAndCleanUp();
            } catch (RuntimeException e) {
                LOG.warn("{}: shard sync of stream {} failed: {}; next try in the next interval", workerId, stream,
                        e.toString());
            }
        }
        deleteFormerStreamLeases();
    }

    @Override
    public synchronized void checkCoverage() {
        for (StreamIdentifier stream : streams.streams()) {
            try {
                syncerOf(stream).maintenance().checkCoverage();
            } catch (RuntimeException e) {
                LOG.warn("{}: hash-key coverage check of stream {} failed: {}", workerId, stream, e.toString());
            }
        }
    }

    /** The leader's cleanup of former streams' leases (fenced deletes on the lease as read). */
    int deleteFormerStreamLeases() {
        FormerStreamLeases strategy = streams.tracker().formerStreamLeases();
        if (strategy instanceof FormerStreamLeases.Keep) {
            return 0;
        }
        List<Lease> all = keySpace.list();
        Map<StreamIdentifier, List<Lease>> byStream = new LinkedHashMap<>();
        for (Lease lease : all) {
            StreamIdentifier.ofLeaseKey(lease.leaseKey())
                    .ifPresent(id -> byStream.computeIfAbsent(id, k -> new java.util.ArrayList<>()).add(lease));
        }
        Collection<StreamIdentifier> listed = List.of();
        if (strategy instanceof FormerStreamLeases.DeleteListed named) {
            try {
                Collection<StreamIdentifier> answer = named.streams().get();
                listed = answer == null ? List.of() : List.copyOf(answer);
            } catch (RuntimeException e) {
                LOG.warn("{}: the former-streams supplier failed: {}; deleting nothing now", workerId, e.toString());
            }
        }
        Set<StreamIdentifier> due = former.toDelete(strategy, byStream.keySet(), streams.streams(), listed,
                time.nanoTime());
        int deleted = 0;
        for (StreamIdentifier stream : due) {
            int n = 0;
            for (Lease lease : byStream.get(stream)) {
                if (keySpace.delete(lease.token()) instanceof WriteResult.Ok) {
                    n++;
                }
            }
            LOG.info("{}: deleted {} of the {} leases of the former stream {} ({})", workerId, n,
                    byStream.get(stream).size(), stream, strategy);
            deleted += n;
        }
        return deleted;
    }

    private PerStream syncerOf(StreamIdentifier stream) {
        return perStream.computeIfAbsent(stream, id -> {
            StreamLeaseView view = new StreamLeaseView(id, keySpace);
            ShardSyncer syncer = new ShardSyncer(kinesis, StreamRef.of(streams.config(id)
                    .map(c -> c.stream().startsWith("arn:") ? c.stream() : id.streamName()).orElse(id.streamName())),
                    // this worker's share of new leases counts the leases of every stream (one more scan, only
                    // when a sync creates leases), as the leader's balance does
                    view, streams.initialPosition(id), workerId, (existing, toCreate) -> creation.create(
                            keySpace.list(),
                            toCreate.stream().map(l -> LeaseKeys.toKeySpace(id, l)).toList())
                            .stream().map(l -> LeaseKeys.toShardSpace(id, l)).toList());
            return new PerStream(syncer, new LeaseMaintenance(syncer, view, workerId));
        });
    }

    /** The tracked streams (for the scheduler's consumer contexts and callbacks). */
    TrackedStreams streams() {
        return streams;
    }

    /** For tests: the stream a lease key belongs to when tracked. */
    Optional<StreamIdentifier> trackedStreamOf(String leaseKey) {
        return StreamIdentifier.ofLeaseKey(leaseKey).filter(id -> streams.streams().contains(id));
    }
}
