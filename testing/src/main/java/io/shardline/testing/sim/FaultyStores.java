package io.shardline.testing.sim;

import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaderRecord;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.Member;
import io.shardline.lease.MemberStatus;
import io.shardline.lease.WriteResult;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One worker's view of the shared in-memory stores, with {@link StoreFaults} applied to each of its calls (so one
 * worker can suffer an outage its peers do not). Every answer is computed synchronously on the caller's thread.
 */
public final class FaultyStores {

    private FaultyStores() {
    }

    /** {@code store} as {@code worker} sees it through {@code faults}. */
    public static LeaseStore leases(LeaseStore store, String worker, StoreFaults faults) {
        return new Leases(store, worker, faults);
    }

    /** {@code store} as {@code worker} sees it through {@code faults}. */
    public static CoordinationStore coordination(CoordinationStore store, String worker, StoreFaults faults) {
        return new Coordination(store, worker, faults);
    }

    private static <T> T read(StoreFaults faults, String worker, String operation, Supplier<T> call) {
        faults.beforeCall(worker, operation);
        return call.get();
    }

    private static <T> T write(StoreFaults faults, String worker, String table, String operation, Supplier<T> call) {
        faults.beforeCall(worker, operation);
        T result = call.get();
        if (faults.loseResponse(worker, operation)) {
            throw new LeaseStoreException("simulated lost response of " + operation + " (the write was applied)",
                    table, null, true, null);
        }
        return result;
    }

    private record Leases(LeaseStore store, String worker, StoreFaults faults) implements LeaseStore {
        @Override
        public void initialize() {
            store.initialize();
        }

        @Override
        public Optional<Lease> get(String leaseKey) {
            return read(faults, worker, "get", () -> store.get(leaseKey));
        }

        @Override
        public List<Lease> list() {
            return read(faults, worker, "list", store::list);
        }

        @Override
        public List<Lease> listOwnedBy(String owner) {
            return read(faults, worker, "listOwnedBy", () -> store.listOwnedBy(owner));
        }

        @Override
        public boolean createIfAbsent(Lease lease) {
            return write(faults, worker, store.tableName(), "createIfAbsent", () -> store.createIfAbsent(lease));
        }

        @Override
        public WriteResult transfer(LeaseToken expected, String newOwner) {
            return write(faults, worker, store.tableName(), "transfer", () -> store.transfer(expected, newOwner));
        }

        @Override
        public WriteResult requestHandoff(LeaseToken expected, String pendingOwner) {
            return write(faults, worker, store.tableName(), "requestHandoff",
                    () -> store.requestHandoff(expected, pendingOwner));
        }

        @Override
        public WriteResult checkpoint(LeaseToken expected, CheckpointUpdate update) {
            return write(faults, worker, store.tableName(), "checkpoint", () -> store.checkpoint(expected, update));
        }

        @Override
        public WriteResult updateChildren(String leaseKey, Collection<String> childLeaseKeys) {
            return write(faults, worker, store.tableName(), "updateChildren",
                    () -> store.updateChildren(leaseKey, childLeaseKeys));
        }

        @Override
        public WriteResult delete(LeaseToken expected) {
            return write(faults, worker, store.tableName(), "delete", () -> store.delete(expected));
        }

        @Override
        public String tableName() {
            return store.tableName();
        }
    }

    private record Coordination(CoordinationStore store, String worker, StoreFaults faults)
            implements CoordinationStore {
        @Override
        public void initialize() {
            store.initialize();
        }

        @Override
        public Member heartbeat(String memberId, boolean leaving) {
            return write(faults, worker, store.tableName(), "heartbeat", () -> store.heartbeat(memberId, leaving));
        }

        @Override
        public List<Member> listMembers() {
            return read(faults, worker, "listMembers", store::listMembers);
        }

        @Override
        public void notifyMember(String memberId) {
            write(faults, worker, store.tableName(), "notifyMember", () -> {
                store.notifyMember(memberId);
                return null;
            });
        }

        @Override
        public void removeMember(String memberId) {
            write(faults, worker, store.tableName(), "removeMember", () -> {
                store.removeMember(memberId);
                return null;
            });
        }

        @Override
        public LeaderRecord readLeader() {
            return read(faults, worker, "readLeader", store::readLeader);
        }

        @Override
        public LeaderRecord tryAcquireLeader(String candidateId, LeaderRecord expected) {
            return write(faults, worker, store.tableName(), "tryAcquireLeader",
                    () -> store.tryAcquireLeader(candidateId, expected));
        }

        @Override
        public LeaderRecord renewLeader(LeaderRecord current) {
            return write(faults, worker, store.tableName(), "renewLeader", () -> store.renewLeader(current));
        }

        @Override
        public void releaseLeader(LeaderRecord current) {
            write(faults, worker, store.tableName(), "releaseLeader", () -> {
                store.releaseLeader(current);
                return null;
            });
        }

        @Override
        public void publishStatus(MemberStatus status) {
            store.publishStatus(status);
        }

        @Override
        public List<MemberStatus> listStatuses() {
            return store.listStatuses();
        }

        @Override
        public void removeStatus(String memberId) {
            store.removeStatus(memberId);
        }

        @Override
        public String tableName() {
            return store.tableName();
        }
    }
}
