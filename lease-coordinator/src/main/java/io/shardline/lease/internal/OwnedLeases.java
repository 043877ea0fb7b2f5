package io.shardline.lease.internal;

import io.shardline.lease.Lease;
import io.shardline.lease.LeaseToken;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * This worker's leases as it knows them, each with its {@link Hold} (held, handoff announced, completing). The hold
 * changes only through the methods of this class, each a move of the table below; an illegal move throws
 * {@link IllegalStateException}. Mutated on the coordinator thread only; {@link #publish()} makes an immutable snapshot
 * that other threads read.
 *
 * <pre>
 *   Held --announce(target, forceAt)--> HandoffAnnounced --requestCompletion--> Completing --remove--> (gone)
 *                                        retarget / forceBy                      retarget / forceBy
 * </pre>
 */
final class OwnedLeases {

    /** How this worker holds one lease. */
    sealed interface Hold {

        /** Where the lease goes when the handoff completes ({@code null}: released); none while {@link Held}. */
        default String target() {
            return null;
        }

        /** When an unconfirmed shutdown handoff is moved anyway; {@code null}: no such time (or none at all). */
        default Instant forceAt() {
            return null;
        }

        default boolean isHandoffPending() {
            return !(this instanceof Held);
        }
    }

    /** Held, no handoff. */
    record Held() implements Hold {
        static final Held INSTANCE = new Held();
    }

    /**
     * A handoff was announced ({@code HandoffRequested} emitted) for the current token, not yet confirmed.
     *
     * @param target  where the lease goes; {@code null}: it is released
     * @param forceAt when a shutdown handoff is moved without confirmation; {@code null} for a leader-requested one
     */
    record HandoffAnnounced(String target, Instant forceAt) implements Hold { }

    /**
     * {@code completeHandoff} was called (or forced, or is automatic) but the transfer has not succeeded yet (retried
     * every round).
     *
     * @param target  where the lease goes; {@code null}: it is released
     * @param forceAt as announced ({@code null}: a leader-requested handoff, which the leader may still re-target)
     */
    record Completing(String target, Instant forceAt) implements Hold { }

    /** One owned lease: the row as last seen and the hold. Read-only outside this class. */
    static final class Entry {
        private Lease lease;
        private Hold hold = Held.INSTANCE;

        private Entry(Lease lease) {
            this.lease = lease;
        }

        Lease lease() {
            return lease;
        }

        Hold hold() {
            return hold;
        }

        String leaseKey() {
            return lease.leaseKey();
        }

        LeaseToken token() {
            return lease.token();
        }

        @Override
        public String toString() {
            return lease.leaseKey() + "=" + hold;
        }
    }

    private final Map<String, Entry> entries = new TreeMap<>();
    private volatile Map<String, LeaseToken> snapshot = Map.of();
    private boolean dirty;

    Entry get(String leaseKey) {
        return entries.get(leaseKey);
    }

    /** A newly held lease ({@link Held}). */
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

    /** The row as read again (same key); the hold is kept. */
    void updateLease(Lease lease) {
        Entry e = require(lease.leaseKey());
        e.lease = lease;
        dirty |= !e.token().equals(lease.token());
    }

    /** {@link Held} -> {@link HandoffAnnounced}. */
    void announce(String leaseKey, String target, Instant forceAt) {
        Entry e = require(leaseKey);
        if (!(e.hold instanceof Held)) {
            throw illegal(e, "announce");
        }
        e.hold = new HandoffAnnounced(target, forceAt);
    }

    /** A pending handoff ({@link HandoffAnnounced} or {@link Completing}) goes to {@code target} instead. */
    void retarget(String leaseKey, String target) {
        Entry e = require(leaseKey);
        if (e.hold instanceof HandoffAnnounced a) {
            e.hold = new HandoffAnnounced(target, a.forceAt());
        } else if (e.hold instanceof Completing c) {
            e.hold = new Completing(target, c.forceAt());
        } else {
            throw illegal(e, "retarget");
        }
    }

    /**
     * A pending handoff gets a force time when it has none (a leader-requested handoff found by a leaving worker);
     * one it has is kept.
     */
    void forceBy(String leaseKey, Instant forceAt) {
        Entry e = require(leaseKey);
        Objects.requireNonNull(forceAt, "forceAt");
        if (e.hold instanceof HandoffAnnounced a) {
            e.hold = a.forceAt() != null ? a : new HandoffAnnounced(a.target(), forceAt);
        } else if (e.hold instanceof Completing c) {
            e.hold = c.forceAt() != null ? c : new Completing(c.target(), forceAt);
        } else {
            throw illegal(e, "forceBy");
        }
    }

    /**
     * {@link HandoffAnnounced} -> {@link Completing} (a {@code Completing} stays). False when no handoff is pending
     * (nothing changes).
     */
    boolean requestCompletion(String leaseKey) {
        Entry e = entries.get(leaseKey);
        if (e == null || e.hold instanceof Held) {
            return false;
        }
        if (e.hold instanceof HandoffAnnounced a) {
            e.hold = new Completing(a.target(), a.forceAt());
        }
        return true;
    }

    Collection<Entry> entries() {
        return entries.values();
    }

    /** A copy of the entries, for loops that add or remove. */
    List<Entry> entriesCopy() {
        return List.copyOf(entries.values());
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

    private Entry require(String leaseKey) {
        Entry e = entries.get(Objects.requireNonNull(leaseKey, "leaseKey"));
        if (e == null) {
            throw new IllegalStateException("lease " + leaseKey + " is not owned");
        }
        return e;
    }

    private static IllegalStateException illegal(Entry e, String move) {
        return new IllegalStateException("illegal hold transition " + move + " of lease " + e.leaseKey() + " in "
                + e.hold);
    }
}
