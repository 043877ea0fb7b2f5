package io.shardline.lease.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Liveness judged by a value changing, on the observer's own clock: for each key, the last value seen, when it was
 * first seen with that value ({@code changedAt}) and when it was last seen at all ({@code seenAt}). A key is expired
 * when an observation proves the value unchanged for the timeout: {@code seenAt - changedAt >= timeout}. Not
 * observing (a failing read) therefore never expires anything, and a key seen for the first time counts as just
 * changed. No clock of another machine is ever compared. Not thread-safe (coordinator thread).
 *
 * @param <K> what is tracked (a member id, a lease key, the leader item)
 * @param <V> the value that must keep changing (a heartbeat counter, a lease counter with its owner)
 */
final class LivenessTracker<K, V> {

    private final Duration timeout;
    private final Map<K, Entry<V>> entries = new HashMap<>();

    LivenessTracker(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Records that {@code key} had {@code value} at {@code now}.
     *
     * @return true when the value is new or differs from the last one seen
     */
    boolean observe(K key, V value, Instant now) {
        return observe(key, value, now, now);
    }

    /**
     * Records that a read sent at {@code sentAt} and answered at {@code receivedAt} returned {@code value}. A new
     * value counts as changed at {@code receivedAt} (it may have been written just before the answer); an unchanged
     * one as still seen at {@code sentAt} (it was still there when the read was sent, no later is proven). So
     * {@code seenAt - changedAt} never exceeds the time the value is proven unchanged, however slow the reads: a
     * round stamped with its start time (before a slow heartbeat) once made a live peer look dead.
     *
     * @return true when the value is new or differs from the last one seen
     */
    boolean observe(K key, V value, Instant sentAt, Instant receivedAt) {
        Entry<V> e = entries.get(key);
        if (e == null || !Objects.equals(e.value, value)) {
            entries.put(key, new Entry<>(value, receivedAt, receivedAt));
            return true;
        }
        if (sentAt.isAfter(e.seenAt)) {
            e.seenAt = sentAt;
        }
        return false;
    }

    /** Whether the last observations prove {@code key}'s value unchanged for the timeout. False when unknown. */
    boolean isExpired(K key) {
        Entry<V> e = entries.get(key);
        return e != null && Duration.between(e.changedAt, e.seenAt).compareTo(timeout) >= 0;
    }

    boolean contains(K key) {
        return entries.containsKey(key);
    }

    /** The last value seen for {@code key}. */
    Optional<V> value(K key) {
        Entry<V> e = entries.get(key);
        return e == null ? Optional.empty() : Optional.ofNullable(e.value);
    }

    /** When {@code key}'s current value was first seen, or null when unknown. */
    Instant changedAt(K key) {
        Entry<V> e = entries.get(key);
        return e == null ? null : e.changedAt;
    }

    /**
     * The earliest instant after {@code now} at which an observation sent then would expire a key that is not expired
     * yet, or null when there is none. A round polled at that instant instead of at its regular time declares a silent
     * peer dead without waiting for the next regular round (up to a heartbeat interval later): rounds are
     * {@code heartbeatInterval} apart and {@code failoverTimeout} is a whole number of them, so a value changed at
     * one round's answer is proven unchanged for the timeout only a little after the third round's read is sent.
     */
    Instant nextExpiryAfter(Instant now) {
        Instant earliest = null;
        for (Entry<V> e : entries.values()) {
            Instant at = e.changedAt.plus(timeout);
            if (at.isAfter(now) && (earliest == null || at.isBefore(earliest))) {
                earliest = at;
            }
        }
        return earliest;
    }

    void remove(K key) {
        entries.remove(key);
    }

    void retainAll(Set<K> keys) {
        entries.keySet().retainAll(keys);
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private static final class Entry<V> {
        final V value;
        final Instant changedAt;
        Instant seenAt;

        Entry(V value, Instant changedAt, Instant seenAt) {
            this.value = value;
            this.changedAt = changedAt;
            this.seenAt = seenAt;
        }
    }
}
