package io.shardline.testing.lease;

import io.shardline.lease.LeaseStore;
import io.shardline.lease.testing.InMemoryLeaseStore;
import io.shardline.testing.contract.LeaseStoreContract;

/** The {@link LeaseStoreContract} against {@link InMemoryLeaseStore}. */
class InMemoryLeaseStoreTest extends LeaseStoreContract {

    @Override
    protected LeaseStore createStore() {
        return InMemoryLeaseStore.create();
    }
}
