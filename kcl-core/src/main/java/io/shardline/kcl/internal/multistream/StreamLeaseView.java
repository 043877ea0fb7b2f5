package io.shardline.kcl.internal.multistream;

import io.shardline.kcl.StreamIdentifier;
import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.WriteResult;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The leases of one stream of a multi-stream application in shard space ({@link LeaseKeys}), over the key-space
 * store: the per-stream shard sync, lease cleanup and coverage check run on it exactly as on a single stream's table.
 * {@link #initialize()} does nothing (the scheduler initializes the table once).
 */
public final class StreamLeaseView implements LeaseStore {

    private final StreamIdentifier stream;
    private final LeaseStore keys;

    public StreamLeaseView(StreamIdentifier stream, LeaseStore keySpace) {
        this.stream = stream;
        this.keys = keySpace;
    }

    public StreamIdentifier stream() {
        return stream;
    }

    @Override
    public void initialize() {
        // the table is the scheduler's to initialize
    }

    @Override
    public Optional<Lease> get(String shardId) {
        return keys.get(LeaseKeys.full(stream, shardId)).map(this::shardSpace);
    }

    @Override
    public List<Lease> list() {
        return mine(keys.list());
    }

    @Override
    public List<Lease> listOwnedBy(String owner) {
        return mine(keys.listOwnedBy(owner));
    }

    @Override
    public boolean createIfAbsent(Lease lease) {
        return keys.createIfAbsent(LeaseKeys.toKeySpace(stream, lease));
    }

    @Override
    public WriteResult transfer(LeaseToken expected, String newOwner) {
        return shardSpace(keys.transfer(LeaseKeys.toKeySpace(stream, expected), newOwner));
    }

    @Override
    public WriteResult requestHandoff(LeaseToken expected, String pendingOwner) {
        return shardSpace(keys.requestHandoff(LeaseKeys.toKeySpace(stream, expected), pendingOwner));
    }

    @Override
    public WriteResult checkpoint(LeaseToken expected, CheckpointUpdate update) {
        return shardSpace(keys.checkpoint(LeaseKeys.toKeySpace(stream, expected), update));
    }

    @Override
    public WriteResult updateChildren(String shardId, Collection<String> childShardIds) {
        return shardSpace(keys.updateChildren(LeaseKeys.full(stream, shardId),
                childShardIds.stream().map(c -> LeaseKeys.full(stream, c)).toList()));
    }

    @Override
    public WriteResult delete(LeaseToken expected) {
        return shardSpace(keys.delete(LeaseKeys.toKeySpace(stream, expected)));
    }

    @Override
    public String tableName() {
        return keys.tableName();
    }

    private List<Lease> mine(List<Lease> all) {
        return all.stream().filter(l -> stream.owns(l.leaseKey())).map(this::shardSpace).toList();
    }

    private Lease shardSpace(Lease lease) {
        return LeaseKeys.toShardSpace(stream, lease);
    }

    private WriteResult shardSpace(WriteResult result) {
        return result instanceof WriteResult.Ok ok ? WriteResult.ok(shardSpace(ok.lease()))
                : result instanceof WriteResult.Fenced f ? WriteResult.fenced(StreamIdentifier.shardIdOf(f.leaseKey()))
                : result;
    }
}
