package io.shardline.checkpoint.support;

import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.testing.StoreInstrumentation;
import io.shardline.lease.testing.StoreOperation;
import io.shardline.lease.WriteResult;

/** Test shortcuts over the lease store. */
public final class Leases {

    private Leases() {
    }

    /** Creates the lease unowned and transfers it to {@code owner}: the row as its new owner reads it. */
    public static Lease createOwnedBy(LeaseStore store, String leaseKey, String owner) {
        store.createIfAbsent(Lease.unowned(leaseKey));
        return transferTo(store, leaseKey, owner);
    }

    /** Moves the lease to {@code owner} (counter + 1), as the coordinator would; returns the row after the move. */
    public static Lease transferTo(LeaseStore store, String leaseKey, String owner) {
        WriteResult result = store.transfer(store.get(leaseKey).orElseThrow().token(), owner);
        return ((WriteResult.Ok) result).lease();
    }

    /** Checkpoint calls the store served (applied or fenced): unchanged means nothing was written. */
    public static long checkpointCalls(StoreInstrumentation store) {
        return store.operationCounts().calls(StoreOperation.CHECKPOINT);
    }
}
