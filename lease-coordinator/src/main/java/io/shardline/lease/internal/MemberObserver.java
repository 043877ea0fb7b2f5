package io.shardline.lease.internal;

import io.shardline.lease.Member;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What this worker knows about the members, from its own listings: a member is live while its heartbeat counter
 * keeps changing on this worker's clock ({@link LivenessTracker}), dead once a listing proves it unchanged for
 * {@code failoverTimeout}, departed when a member seen before is no longer listed. Every worker observes every
 * round, so a new leader already has the history it needs. Coordinator thread only.
 */
final class MemberObserver {

    /** How the observer classifies a worker id. */
    enum Status { LIVE, LEAVING, DEAD, DEPARTED, UNKNOWN }

    private final LivenessTracker<String, Long> heartbeats;
    private final Duration departedMemory;
    private Map<String, Member> members = Map.of();
    private final Map<String, Instant> departed = new HashMap<>();
    private Signature lastSignature;

    /**
     * @param departedMemory how long a departed member is remembered as a Shardline worker (its leftover leases
     *                       are orphans, not foreign leases)
     */
    MemberObserver(Duration failoverTimeout, Duration departedMemory) {
        this.heartbeats = new LivenessTracker<>(failoverTimeout);
        this.departedMemory = departedMemory;
    }

    /** Records one listing of the member items taken at {@code now}. */
    void observe(List<Member> listing, Instant now) {
        observe(listing, now, now);
    }

    /** Records one listing of the member items, read from {@code sentAt} to {@code now} (see LivenessTracker). */
    void observe(List<Member> listing, Instant sentAt, Instant now) {
        Map<String, Member> next = new HashMap<>();
        for (Member m : listing) {
            next.put(m.memberId(), m);
            heartbeats.observe(m.memberId(), m.heartbeat(), sentAt, now);
            departed.remove(m.memberId());
        }
        for (String id : members.keySet()) {
            if (!next.containsKey(id)) {
                departed.put(id, now);
                heartbeats.remove(id);
            }
        }
        departed.values().removeIf(at -> Duration.between(at, now).compareTo(departedMemory) > 0);
        members = next;
    }

    Status status(String workerId) {
        Member m = members.get(workerId);
        if (m == null) {
            return departed.containsKey(workerId) ? Status.DEPARTED : Status.UNKNOWN;
        }
        if (heartbeats.isExpired(workerId)) {
            return Status.DEAD;
        }
        return m.leaving() ? Status.LEAVING : Status.LIVE;
    }

    /** Live members that accept leases (not leaving), sorted. */
    List<String> acceptingMembers() {
        List<String> out = new ArrayList<>();
        new TreeSet<>(members.keySet()).forEach(id -> {
            if (status(id) == Status.LIVE) {
                out.add(id);
            }
        });
        return out;
    }

    /** The next instant after {@code now} at which an observation could prove a member dead, or null. */
    Instant nextExpiryAfter(Instant now) {
        return heartbeats.nextExpiryAfter(now);
    }

    /** Members whose counter has not changed for at least {@code failoverTimeout + extra} as last observed. */
    List<String> deadFor(Duration extra, Instant now) {
        List<String> out = new ArrayList<>();
        for (String id : members.keySet()) {
            Instant changedAt = heartbeats.changedAt(id);
            if (heartbeats.isExpired(id) && changedAt != null
                    && Duration.between(changedAt, now).compareTo(extra) >= 0) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * Whether the set of live accepting members or of live leaving members differs from the last call (true on the
     * first call): what makes the leader plan at once.
     */
    boolean membershipChanged() {
        Set<String> accepting = new TreeSet<>();
        Set<String> leaving = new TreeSet<>();
        for (String id : members.keySet()) {
            Status s = status(id);
            if (s == Status.LIVE) {
                accepting.add(id);
            } else if (s == Status.LEAVING) {
                leaving.add(id);
            }
        }
        Signature now = new Signature(accepting, leaving);
        boolean changed = !now.equals(lastSignature);
        lastSignature = now;
        return changed;
    }

    private record Signature(Set<String> accepting, Set<String> leaving) {
    }
}
