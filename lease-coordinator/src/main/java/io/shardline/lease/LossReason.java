package io.shardline.lease;

/** Why a worker stopped holding a lease ({@link LeaseEvent.Lost}). */
public enum LossReason {
    /** Another worker owns the lease now (a forced handoff, a takeover, or a checkpoint came back fenced). */
    TAKEN_OVER,
    /**
     * This worker could not heartbeat for {@code failoverTimeout - selfFenceMargin} and stopped before any peer may
     * take its leases. It may get them back (an {@link LeaseEvent.Acquired}) when heartbeats succeed again and no
     * peer took them meanwhile.
     */
    SELF_FENCED,
    /** The lease row is gone (deleted by hand or by a cleanup). */
    DELETED,
    /** This worker moved the lease to its pending owner (graceful handoff, or shutdown). */
    HANDED_OFF,
    /** This worker released the lease (no owner) during shutdown because no live peer could take it. */
    RELEASED
}
