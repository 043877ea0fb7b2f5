package io.shardline.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a worker publishes about itself for operators (the {@code shardline} command line and its page), in one
 * bounded item of the coordination table written at most every {@code statusInterval}: never per lease, never read by
 * the protocol. {@code publishedAt} is the writer's wall clock and only for display (liveness stays the heartbeat
 * counter's job); {@code interval} is what the rates were measured over.
 */
public record MemberStatus(String memberId, Instant publishedAt, Duration interval, List<LeaseStatus> leases) {

    public MemberStatus {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(interval, "interval");
        leases = List.copyOf(leases);
    }

    /**
     * One lease this worker holds: how far its last fetch was behind the tip ({@code -1}: not known yet), records and
     * payload bytes per second over the last interval, when its checkpoint last advanced (null: not since this worker
     * took it) and the consumer phase (e.g. {@code PROCESSING}).
     */
    public record LeaseStatus(String leaseKey, long millisBehindLatest, double recordsPerSecond,
            double bytesPerSecond, Instant lastCheckpointAt, String phase) {

        public LeaseStatus {
            Objects.requireNonNull(leaseKey, "leaseKey");
            Objects.requireNonNull(phase, "phase");
        }
    }
}
