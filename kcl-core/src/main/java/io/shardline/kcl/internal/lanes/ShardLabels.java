package io.shardline.kcl.internal.lanes;

import java.util.Map;
import java.util.Objects;

/**
 * Who processes which shard, for dead-letter entries and logs.
 *
 * @param mdc the SLF4J MDC of the processor's callback thread ({@code workerId}, {@code shardId}, {@code leaseKey}),
 *            set on the lane threads while they work
 */
record ShardLabels(String application, String stream, String shardId, String workerId, Map<String, String> mdc) {

    ShardLabels {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(shardId, "shardId");
        workerId = workerId == null ? "unknown" : workerId;
        mdc = mdc == null ? Map.of() : Map.copyOf(mdc);
    }
}
