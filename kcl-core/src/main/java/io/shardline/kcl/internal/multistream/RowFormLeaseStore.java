package io.shardline.kcl.internal.multistream;

import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.WriteResult;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The lease table of a multi-stream application in key space ({@link LeaseKeys}): rows keep KCL's multi-stream form
 * (lineage as shard ids, so KCL reads Shardline's rows and Shardline reads KCL's), everything above this store sees
 * lineage as full lease keys. Single-stream keys pass through unchanged.
 */
public final class RowFormLeaseStore implements LeaseStore {

    private final LeaseStore rows;

    public RowFormLeaseStore(LeaseStore rows) {
        this.rows = rows;
    }

    @Override
    public void initialize() {
        rows.initialize();
    }

    @Override
    public Optional<Lease> get(String leaseKey) {
        return rows.get(leaseKey).map(LeaseKeys::fromRow);
    }

    @Override
    public List<Lease> list() {
        return rows.list().stream().map(LeaseKeys::fromRow).toList();
    }

    @Override
    public List<Lease> listOwnedBy(String owner) {
        return rows.listOwnedBy(owner).stream().map(LeaseKeys::fromRow).toList();
    }

    @Override
    public boolean createIfAbsent(Lease lease) {
        return rows.createIfAbsent(LeaseKeys.toRow(lease));
    }

    @Override
    public WriteResult transfer(LeaseToken expected, String newOwner) {
        return read(rows.transfer(expected, newOwner));
    }

    @Override
    public WriteResult requestHandoff(LeaseToken expected, String pendingOwner) {
        return read(rows.requestHandoff(expected, pendingOwner));
    }

    @Override
    public WriteResult checkpoint(LeaseToken expected, CheckpointUpdate update) {
        return read(rows.checkpoint(expected, update));
    }

    @Override
    public WriteResult updateChildren(String leaseKey, Collection<String> childLeaseKeys) {
        List<String> children = childLeaseKeys.stream()
                .map(c -> io.shardline.kcl.StreamIdentifier.ofLeaseKey(leaseKey)
                        .map(id -> LeaseKeys.strip(id, c)).orElse(c))
                .toList();
        return read(rows.updateChildren(leaseKey, children));
    }

    @Override
    public WriteResult delete(LeaseToken expected) {
        return read(rows.delete(expected));
    }

    @Override
    public String tableName() {
        return rows.tableName();
    }

    private static WriteResult read(WriteResult result) {
        return result instanceof WriteResult.Ok ok ? WriteResult.ok(LeaseKeys.fromRow(ok.lease())) : result;
    }
}
