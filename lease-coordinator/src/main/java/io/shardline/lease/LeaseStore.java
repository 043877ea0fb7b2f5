package io.shardline.lease;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The lease table. Storage-neutral: implementations are {@code DynamoDbLeaseStore} (single-item conditional writes
 * only) and {@code InMemoryLeaseStore} (fast unit tests, simulation); both pass the same contract test kit
 * ({@code io.shardline.testing.contract.LeaseStoreContract}).
 *
 * <p>Every mutation of an existing lease is fenced on a {@link LeaseToken} ({@code leaseOwner} and
 * {@code leaseCounter} both unchanged). A failed fence returns {@link WriteResult.Fenced}; storage failures throw
 * {@link LeaseStoreException}. Reads are strongly consistent unless stated otherwise. Methods are thread-safe.
 */
public interface LeaseStore {

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
     * a worker learns its own leases without reading the whole table; the index may lag a moment behind writes.
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
     * {@code ownerSwitchesSinceCheckpoint} when the committed checkpoint changes.
     */
    WriteResult checkpoint(LeaseToken expected, CheckpointUpdate update);

    /** Records the children of a lease (resharding lineage), conditional on the row existing. */
    WriteResult updateChildren(String leaseKey, Collection<String> childLeaseKeys);

    /** Deletes the lease, conditional on {@code expected}. */
    WriteResult delete(LeaseToken expected);

    /** The table this store reads and writes (for messages and metrics). */
    String tableName();
}
