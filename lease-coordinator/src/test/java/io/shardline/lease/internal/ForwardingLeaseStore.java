package io.shardline.lease.internal;

import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.WriteResult;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A {@link LeaseStore} that forwards every call; tests override the calls they want to break. */
class ForwardingLeaseStore implements LeaseStore {

    private final LeaseStore delegate;

    ForwardingLeaseStore(LeaseStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void initialize() {
        delegate.initialize();
    }

    @Override
    public Optional<Lease> get(String leaseKey) {
        return delegate.get(leaseKey);
    }

    @Override
    public List<Lease> list() {
        return delegate.list();
    }

    @Override
    public List<Lease> listOwnedBy(String owner) {
        return delegate.listOwnedBy(owner);
    }

    @Override
    public boolean createIfAbsent(Lease lease) {
        return delegate.createIfAbsent(lease);
    }

    @Override
    public WriteResult transfer(LeaseToken expected, String newOwner) {
        return delegate.transfer(expected, newOwner);
    }

    @Override
    public WriteResult requestHandoff(LeaseToken expected, String pendingOwner) {
        return delegate.requestHandoff(expected, pendingOwner);
    }

    @Override
    public WriteResult checkpoint(LeaseToken expected, CheckpointUpdate update) {
        return delegate.checkpoint(expected, update);
    }

    @Override
    public WriteResult updateChildren(String leaseKey, Collection<String> childLeaseKeys) {
        return delegate.updateChildren(leaseKey, childLeaseKeys);
    }

    @Override
    public WriteResult delete(LeaseToken expected) {
        return delegate.delete(expected);
    }

    @Override
    public String tableName() {
        return delegate.tableName();
    }
}
