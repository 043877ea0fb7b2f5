package io.shardline.lease;

import io.shardline.lease.internal.ResilientLeaseStore;
import io.shardline.lease.internal.dynamodb.DynamoDbLeaseStore;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * The lease table. Storage-neutral: implementations are {@code DynamoDbLeaseStore} (single-item conditional writes
 * only) and, for tests, {@code io.shardline.lease.testing.InMemoryLeaseStore} (fast unit tests, simulation); both
 * pass the same contract test kit ({@code io.shardline.testing.contract.LeaseStoreContract}).
 *
 * <p>Every mutation of an existing lease is fenced on a {@link LeaseToken} ({@code leaseOwner} and
 * {@code leaseCounter} both unchanged). A failed fence returns {@link WriteResult.Fenced}; storage failures throw
 * {@link LeaseStoreException}. Reads are strongly consistent unless stated otherwise. Methods are thread-safe.
 *
 * <p>A successful write returns {@link WriteResult.Ok} with the row as it is after the write (DynamoDB
 * {@code ReturnValues.ALL_NEW}); {@link #delete} returns the row as it was before.
 */
public interface LeaseStore {

    /**
     * The lease table in DynamoDB, through the caller's client (the library builds no clients of its own). Calls
     * block the calling thread; SDK failures surface as {@link LeaseStoreException} (retryable or fatal). Call
     * {@link #initialize()} once before use. Wrap it in {@link #resilient} for retries and a circuit breaker.
     */
    static LeaseStore dynamoDb(DynamoDbAsyncClient client, LeaseTableConfig config) {
        return new DynamoDbLeaseStore(client, config);
    }

    /**
     * {@code store} with retries (exponential backoff with jitter, only for {@link LeaseStoreException#isRetryable()}
     * failures) and a circuit breaker, as {@code config} says. See {@link StoreResilienceConfig}.
     */
    static LeaseStore resilient(LeaseStore store, StoreResilienceConfig config) {
        return new ResilientLeaseStore(store, config);
    }

    /**
     * Creates the table with every index it needs if it does not exist and waits until it is usable; checks the key
     * schema of an existing table.
     *
     * @throws LeaseStoreException (fatal) when an existing table has the wrong key schema
     */
    void initialize();

    /** The lease, read strongly consistent, or empty when there is no such row. */
    Optional<Lease> get(String leaseKey);

    /** Every lease in the table (all pages). */
    List<Lease> list();

    /**
     * The leases whose {@code leaseOwner} is {@code owner}. Served from an owner index where the storage has one, so
     * a worker learns its own leases without reading the whole table; the index may lag a moment behind writes, so a
     * lease just moved to {@code owner} may show up a moment later. The rows returned are read consistently and a
     * lease whose current {@code leaseOwner} is not {@code owner} is never returned.
     */
    List<Lease> listOwnedBy(String owner);

    /**
     * Creates the lease if no row with its key exists (conditional create, idempotent under races).
     *
     * @return true when this call created the row, false when it already existed (nothing written)
     */
    boolean createIfAbsent(Lease lease);

    /**
     * Moves the lease to {@code newOwner} ({@code null} releases it): sets {@code leaseOwner}, increments
     * {@code leaseCounter} and {@code ownerSwitchesSinceCheckpoint}, and clears {@code pendingOwner}, all
     * conditional on {@code expected}.
     */
    WriteResult transfer(LeaseToken expected, String newOwner);

    /**
     * Marks a graceful handoff: sets {@code pendingOwner}, conditional on {@code expected}. Does not change the
     * counter, so the current owner can still checkpoint before it completes the handoff with
     * {@link #transfer}. {@code pendingOwner == null} cancels the mark.
     */
    WriteResult requestHandoff(LeaseToken expected, String pendingOwner);

    /**
     * Writes checkpoint fields conditional on {@code expected}: see {@link CheckpointUpdate}. Resets
     * {@code ownerSwitchesSinceCheckpoint} to 0 whenever the update writes a committed checkpoint
     * ({@code update.checkpoint() != null}), as KCL does; a prepare-only update leaves it alone.
     */
    WriteResult checkpoint(LeaseToken expected, CheckpointUpdate update);

    /** Records the children of a lease (resharding lineage), conditional on the row existing. */
    WriteResult updateChildren(String leaseKey, Collection<String> childLeaseKeys);

    /** Deletes the lease, conditional on {@code expected}. */
    WriteResult delete(LeaseToken expected);

    /** The table this store reads and writes (for messages and metrics). */
    String tableName();
}
