package io.shardline.lease;

import java.util.Objects;

/**
 * The leader item: who holds leadership, in which term (incremented on every change of holder), and a heartbeat
 * counter the holder bumps to show it is alive.
 */
public record LeaderRecord(String holder, long term, long heartbeat) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public LeaderRecord {
        Objects.requireNonNull(holder, "holder");
    }
}
