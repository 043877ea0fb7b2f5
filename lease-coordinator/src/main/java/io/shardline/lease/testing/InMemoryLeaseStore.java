package io.shardline.lease.testing;

import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.WriteResult;
import io.shardline.lease.internal.dynamodb.LeaseRows;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lease table in memory, for tests and simulations: thread-safe, with the same single-item conditional semantics
 * as the DynamoDB store ({@code listOwnedBy} is immediately consistent here), plus cost counters and fault injection
 * ({@link StoreInstrumentation}) and raw edits. Every write is one atomic {@link ConcurrentMap#compute} on one key, the
 * counterpart of a DynamoDB single-item conditional write; results are the row after the write ({@code ALL_NEW}).
 * Lists are sorted by lease key (DynamoDB's scan order is unspecified: callers must not depend on it).
 */
public final class InMemoryLeaseStore extends InstrumentedStore implements LeaseStore {

    private static final Comparator<Lease> BY_KEY = Comparator.comparing(Lease::leaseKey);

    private final String tableName;
    private final ConcurrentMap<String, Lease> rows = new ConcurrentHashMap<>();
    /** Rows that are not leases (KCL 3.x's own rows), by key; never in {@link #rows} at the same time. */
    private final ConcurrentMap<String, Map<String, AttributeValue>> foreignRows = new ConcurrentHashMap<>();

    private InMemoryLeaseStore(String tableName) {
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    /** A new, empty lease table named {@code in-memory-leases}. */
    public static InMemoryLeaseStore create() {
        return new InMemoryLeaseStore("in-memory-leases");
    }

    /** A new, empty lease table with a name for messages. */
    public static InMemoryLeaseStore create(String tableName) {
        return new InMemoryLeaseStore(tableName);
    }

    @Override
    public void initialize() {
        // nothing to create
    }

    @Override
    public Optional<Lease> get(String leaseKey) {
        probe.enter(StoreOperation.GET, leaseKey);
        Lease lease = rows.get(leaseKey);
        probe.itemsRead(StoreOperation.GET, lease == null ? 0 : 1);
        return Optional.ofNullable(lease);
    }

    @Override
    public List<Lease> list() {
        probe.enter(StoreOperation.LIST, null);
        List<Lease> all = rows.values().stream().sorted(BY_KEY).toList();
        probe.itemsRead(StoreOperation.LIST, all.size());
        return all;
    }

    @Override
    public List<Lease> listOwnedBy(String owner) {
        Objects.requireNonNull(owner, "owner");
        probe.enter(StoreOperation.LIST_OWNED_BY, owner);
        List<Lease> owned = rows.values().stream().filter(l -> l.isOwnedBy(owner)).sorted(BY_KEY).toList();
        probe.itemsRead(StoreOperation.LIST_OWNED_BY, owned.size());
        return owned;
    }

    @Override
    public boolean createIfAbsent(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        probe.enter(StoreOperation.CREATE_IF_ABSENT, lease.leaseKey());
        // A foreign row holds the key, as in DynamoDB (attribute_not_exists(leaseKey) fails). Foreign rows come only
        // from putItem (a hand edit), so this check-then-act does not race with the store's own writes.
        return !foreignRows.containsKey(lease.leaseKey()) && rows.putIfAbsent(lease.leaseKey(), lease) == null;
    }

    @Override
    public WriteResult transfer(LeaseToken expected, String newOwner) {
        probe.enter(StoreOperation.TRANSFER, expected.leaseKey());
        return fenced(expected, l -> l.withOwner(newOwner)
                .withCounter(l.counter() + 1)
                .withOwnerSwitchesSinceCheckpoint(l.ownerSwitchesSinceCheckpoint() + 1)
                .withPendingOwner(null));
    }

    @Override
    public WriteResult requestHandoff(LeaseToken expected, String pendingOwner) {
        probe.enter(StoreOperation.REQUEST_HANDOFF, expected.leaseKey());
        return fenced(expected, l -> l.withPendingOwner(pendingOwner));
    }

    @Override
    public WriteResult checkpoint(LeaseToken expected, CheckpointUpdate update) {
        Objects.requireNonNull(update, "update");
        probe.enter(StoreOperation.CHECKPOINT, expected.leaseKey());
        return fenced(expected, l -> apply(l, update));
    }

    @Override
    public WriteResult updateChildren(String leaseKey, Collection<String> childLeaseKeys) {
        probe.enter(StoreOperation.UPDATE_CHILDREN, leaseKey);
        Set<String> children = Set.copyOf(childLeaseKeys);
        Lease after = rows.computeIfPresent(leaseKey,
                (k, l) -> l.withLineage(l.parentLeaseKeys(), children, l.hashKeyRange()));
        return after == null ? WriteResult.fenced(leaseKey) : WriteResult.ok(after);
    }

    @Override
    public WriteResult delete(LeaseToken expected) {
        probe.enter(StoreOperation.DELETE, expected.leaseKey());
        Lease[] deleted = new Lease[1];
        rows.computeIfPresent(expected.leaseKey(), (k, l) -> {
            if (!matches(l, expected)) {
                return l;
            }
            deleted[0] = l;
            return null;
        });
        return deleted[0] == null ? WriteResult.fenced(expected.leaseKey()) : WriteResult.ok(deleted[0]);
    }

    /**
     * Writes the row unconditionally, as a hand edit or another library (a KCL worker renewing its lease by bumping
     * {@code leaseCounter}) would. Counted as {@link StoreOperation#PUT}.
     */
    public void put(Lease lease) {
        probe.enter(StoreOperation.PUT, lease.leaseKey());
        rows.put(lease.leaseKey(), lease);
    }

    /** Deletes the row unconditionally (a hand edit). Counted as {@link StoreOperation#DELETE}. */
    public void remove(String leaseKey) {
        probe.enter(StoreOperation.DELETE, leaseKey);
        rows.remove(leaseKey);
        foreignRows.remove(leaseKey);
    }

    /**
     * Writes a raw row unconditionally, in the DynamoDB lease table's attributes, as another library would (KCL 3.x's
     * own rows: {@code entityType} {@code CLIENT_VERSION_MIGRATION}, {@code LEADER}, {@code WORKER_METRIC_STATS},
     * ...). The row is classified as the DynamoDB store classifies it: a shard lease becomes a lease; any other row is
     * kept, is invisible to reads and is never written (a lease with its key cannot be created either). Counted as
     * {@link StoreOperation#PUT}.
     *
     * @throws IllegalArgumentException when the row has no string {@code leaseKey}
     */
    public void putItem(Map<String, AttributeValue> item) {
        AttributeValue key = item.get("leaseKey");
        if (key == null || key.s() == null) {
            throw new IllegalArgumentException("row has no string leaseKey: " + item.keySet());
        }
        probe.enter(StoreOperation.PUT, key.s());
        Optional<Lease> lease = LeaseRows.lease(item);
        if (lease.isPresent()) {
            foreignRows.remove(key.s());
            rows.put(key.s(), lease.get());
        } else {
            rows.remove(key.s());
            foreignRows.put(key.s(), Map.copyOf(item));
        }
    }

    /** The raw row {@link #putItem} stored under {@code leaseKey} when it is not a lease; empty otherwise. */
    public Optional<Map<String, AttributeValue>> nonLeaseRow(String leaseKey) {
        return Optional.ofNullable(foreignRows.get(leaseKey));
    }

    @Override
    public String tableName() {
        return tableName;
    }

    /** Applies {@code change} atomically when the row matches {@code expected}. */
    private WriteResult fenced(LeaseToken expected, UnaryOperator<Lease> change) {
        Lease[] written = new Lease[1];
        rows.computeIfPresent(expected.leaseKey(), (k, l) -> {
            if (!matches(l, expected)) {
                return l;
            }
            written[0] = change.apply(l);
            return written[0];
        });
        return written[0] == null ? WriteResult.fenced(expected.leaseKey()) : WriteResult.ok(written[0]);
    }

    private static boolean matches(Lease lease, LeaseToken expected) {
        return Objects.equals(lease.owner(), expected.owner()) && lease.counter() == expected.counter();
    }

    private static Lease apply(Lease lease, CheckpointUpdate update) {
        Lease out = lease;
        if (update.checkpoint() != null) {
            out = out.withCheckpoint(update.checkpoint()).withState(update.state()).withOwnerSwitchesSinceCheckpoint(0);
        }
        if (update.pendingCheckpoint() != null) {
            out = out.withPendingCheckpoint(update.pendingCheckpoint(), update.pendingState());
        }
        if (update.clearPending()) {
            out = out.withPendingCheckpoint(null, null);
        }
        return out;
    }

    @Override
    public String toString() {
        return "InMemoryLeaseStore{" + tableName + ", " + rows.size() + " leases}";
    }
}
