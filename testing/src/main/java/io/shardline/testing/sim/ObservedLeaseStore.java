package io.shardline.testing.sim;

import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.WriteResult;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The shared lease table, reporting the row after every write to the {@link Oracle} (checkpoints never go back). */
final class ObservedLeaseStore implements LeaseStore {

    private final LeaseStore store;
    private final Oracle oracle;

    ObservedLeaseStore(LeaseStore store, Oracle oracle) {
        this.store = store;
        this.oracle = oracle;
    }

    private <T> T observed(String leaseKey, T result) {
        oracle.leaseWritten(leaseKey, store.get(leaseKey));
        return result;
    }

    @Override
    public void initialize() {
        store.initialize();
    }

    @Override
    public Optional<Lease> get(String leaseKey) {
        return store.get(leaseKey);
    }

    @Override
    public List<Lease> list() {
        return store.list();
    }

    @Override
    public List<Lease> listOwnedBy(String owner) {
        return store.listOwnedBy(owner);
    }

    @Override
    public boolean createIfAbsent(Lease lease) {
        return observed(lease.leaseKey(), store.createIfAbsent(lease));
    }

    @Override
    public WriteResult transfer(LeaseToken expected, String newOwner) {
        return observed(expected.leaseKey(), store.transfer(expected, newOwner));
    }

    @Override
    public WriteResult requestHandoff(LeaseToken expected, String pendingOwner) {
        return observed(expected.leaseKey(), store.requestHandoff(expected, pendingOwner));
    }

    @Override
    public WriteResult checkpoint(LeaseToken expected, CheckpointUpdate update) {
        return observed(expected.leaseKey(), store.checkpoint(expected, update));
    }

    @Override
    public WriteResult updateChildren(String leaseKey, Collection<String> childLeaseKeys) {
        return observed(leaseKey, store.updateChildren(leaseKey, childLeaseKeys));
    }

    @Override
    public WriteResult delete(LeaseToken expected) {
        return observed(expected.leaseKey(), store.delete(expected));
    }

    @Override
    public String tableName() {
        return store.tableName();
    }
}
