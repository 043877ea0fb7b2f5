package io.shardline.lease.internal;

import io.shardline.lease.Lease;
import io.shardline.lease.LeaseToken;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * This worker's leases as it knows them, with the handoff state of each. Mutated on the coordinator thread only;
 * {@link #publish()} makes an immutable snapshot that other threads read.
 */
final class OwnedLeases {

    /** One owned lease. */
    static final class Entry {
        Lease lease;
        /** A handoff was announced ({@code HandoffRequested} emitted) for the current token. */
        boolean handoffPending;
        /** Where the lease goes when the handoff completes; null with a pending handoff means release. */
        String target;
        /** When a shutdown handoff is moved without confirmation; null for leader-requested handoffs. */
        Instant forceAt;
        /** {@code completeHandoff} was called (or is automatic) but the transfer has not succeeded yet. */
        boolean completionRequested;

        Entry(Lease lease) {
            this.lease = lease;
        }

        LeaseToken token() {
            return lease.token();
        }
    }

    private final Map<String, Entry> entries = new TreeMap<>();
    private volatile Map<String, LeaseToken> snapshot = Map.of();
    private boolean dirty;

    Entry get(String leaseKey) {
        return entries.get(leaseKey);
    }

    Entry add(Lease lease) {
        Entry e = new Entry(lease);
        entries.put(lease.leaseKey(), e);
        dirty = true;
        return e;
    }

    Entry remove(String leaseKey) {
        Entry e = entries.remove(leaseKey);
        dirty |= e != null;
        return e;
    }

    Collection<Entry> entries() {
        return entries.values();
    }

    Set<String> keys() {
        return entries.keySet();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int size() {
        return entries.size();
    }

    /** Publishes the current tokens for {@link #tokens()} readers on other threads. */
    void publish() {
        if (!dirty) {
            return;
        }
        dirty = false;
        Map<String, LeaseToken> next = new LinkedHashMap<>();
        entries.forEach((k, e) -> next.put(k, e.token()));
        snapshot = Map.copyOf(next);
    }

    /** The last published tokens by lease key (immutable; safe from any thread). */
    Map<String, LeaseToken> tokens() {
        return snapshot;
    }
}
