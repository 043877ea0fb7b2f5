package io.shardline.lease;

import java.util.Objects;

/**
 * A member item: a worker's heartbeat counter (bumped every heartbeat interval), its inbox version (bumped by
 * whoever changes leases that concern it: the leader assigning, an owner completing a handoff) and whether it is
 * leaving (graceful shutdown in progress).
 */
public record Member(String memberId, long heartbeat, long inboxVersion, boolean leaving) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public Member {
        Objects.requireNonNull(memberId, "memberId");
    }
}
