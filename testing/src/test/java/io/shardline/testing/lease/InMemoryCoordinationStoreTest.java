package io.shardline.testing.lease;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.testing.InMemoryCoordinationStore;
import io.shardline.testing.contract.CoordinationStoreContract;

/** The {@link CoordinationStoreContract} against {@link InMemoryCoordinationStore}. */
class InMemoryCoordinationStoreTest extends CoordinationStoreContract {

    @Override
    protected CoordinationStore createStore() {
        return InMemoryCoordinationStore.create();
    }
}
