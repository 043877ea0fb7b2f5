package io.shardline.kcl.internal.advisor;

import io.shardline.kcl.advisor.AdvisorConfig;
import io.shardline.kcl.advisor.ApplyResult;
import io.shardline.kcl.advisor.ApplyResult.Outcome;
import io.shardline.kcl.advisor.CapacityMode;
import io.shardline.kcl.advisor.ReshardAction;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes reshard calls behind guardrails: one action at a time, never while the stream is not settled (not ACTIVE,
 * or its open shards not tiling the hash-key space), a cool-down after each action, the UpdateShardCount quota over
 * a rolling 24 hours, the action's shards still open as the advice saw them, and nothing on an on-demand stream.
 * Not thread-safe: the advisor calls it from one thread (synchronized there).
 */
final class Applier {

    private static final Logger log = LoggerFactory.getLogger(Applier.class);
    private static final long DAY_NANOS = Duration.ofHours(24).toNanos();

    private final AdvisorConfig config;
    private final StreamOps ops;
    private final LongSupplier nanoTime;
    private final String stream;
    private final Deque<Long> updateShardCountCalls = new ArrayDeque<>();
    private Long lastAppliedNanos;

    Applier(AdvisorConfig config, StreamOps ops, LongSupplier nanoTime, String stream) {
        this.config = config;
        this.ops = ops;
        this.nanoTime = nanoTime;
        this.stream = stream;
    }

    int updateShardCountCallsLast24h() {
        long now = nanoTime.getAsLong();
        while (!updateShardCountCalls.isEmpty() && now - updateShardCountCalls.peekFirst() >= DAY_NANOS) {
            updateShardCountCalls.removeFirst();
        }
        return updateShardCountCalls.size();
    }

    /** Applies {@code action} when {@code really} and every guardrail passes; else logs what it would do. */
    ApplyResult apply(ReshardAction action, boolean really) {
        StreamOps.StreamState state;
        try {
            state = ops.describe();
        } catch (RuntimeException e) {
            return result(action, Outcome.FAILED, "could not describe the stream: " + e.getMessage());
        }
        Optional<String> refusal = refusal(action, state);
        if (refusal.isPresent()) {
            return result(action, Outcome.REFUSED, refusal.get());
        }
        if (!really) {
            return result(action, Outcome.DRY_RUN, "auto-apply is off; would call " + action);
        }
        try {
            if (action instanceof ReshardAction.Split s) {
                ops.split(s.shardId(), s.newStartingHashKey());
            } else if (action instanceof ReshardAction.Merge m) {
                ops.merge(m.shardId(), m.adjacentShardId());
            } else if (action instanceof ReshardAction.UpdateShardCount u) {
                ops.updateShardCount(u.target());
                updateShardCountCalls.addLast(nanoTime.getAsLong());
            }
        } catch (RuntimeException e) {
            lastAppliedNanos = nanoTime.getAsLong(); // a failed call still starts the cool-down: no hammering
            return result(action, Outcome.FAILED, e.getMessage());
        }
        lastAppliedNanos = nanoTime.getAsLong();
        return result(action, Outcome.APPLIED, "called " + action);
    }

    private Optional<String> refusal(ReshardAction action, StreamOps.StreamState state) {
        if (state.mode() == CapacityMode.ON_DEMAND) {
            return Optional.of("on-demand stream: Kinesis reshards it itself");
        }
        if (!state.settled()) {
            return Optional.of("another reshard is under way (status " + state.status()
                    + ", or open shards not tiling the hash-key space)");
        }
        if (lastAppliedNanos != null) {
            long since = nanoTime.getAsLong() - lastAppliedNanos;
            if (since < config.cooldown().toNanos()) {
                return Optional.of("cool-down: last action " + Duration.ofNanos(since).toSeconds()
                        + " s ago, cool-down " + config.cooldown());
            }
        }
        if (action instanceof ReshardAction.Split s) {
            return splitRefusal(s, state);
        }
        if (action instanceof ReshardAction.Merge m) {
            return mergeRefusal(m, state);
        }
        ReshardAction.UpdateShardCount u = (ReshardAction.UpdateShardCount) action;
        int n = state.openShards().size();
        if (updateShardCountCallsLast24h() >= config.updateShardCountCallsPerDay()) {
            return Optional.of("UpdateShardCount quota: " + updateShardCountCallsLast24h()
                    + " calls in the last 24 h");
        }
        return u.target() > 2 * n || 2 * u.target() < n
                ? Optional.of("UpdateShardCount from " + n + " to " + u.target()
                        + " is more than double or less than half")
                : Optional.empty();
    }

    private static Optional<String> splitRefusal(ReshardAction.Split s, StreamOps.StreamState state) {
        Optional<StreamOps.OpenShard> shard = state.openShards().stream()
                .filter(o -> o.shardId().equals(s.shardId())).findFirst();
        if (shard.isEmpty()) {
            return Optional.of(s.shardId() + " is no longer open");
        }
        boolean inside = s.newStartingHashKey().compareTo(shard.get().startingHashKey()) > 0
                && s.newStartingHashKey().compareTo(shard.get().endingHashKey()) <= 0;
        return inside ? Optional.empty()
                : Optional.of("hash key " + s.newStartingHashKey() + " not inside " + s.shardId() + "'s range");
    }

    private static Optional<String> mergeRefusal(ReshardAction.Merge m, StreamOps.StreamState state) {
        var a = state.openShards().stream().filter(o -> o.shardId().equals(m.shardId())).findFirst();
        var b = state.openShards().stream().filter(o -> o.shardId().equals(m.adjacentShardId())).findFirst();
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.of(m.shardId() + " or " + m.adjacentShardId() + " is no longer open");
        }
        boolean adjacent = a.get().endingHashKey().add(java.math.BigInteger.ONE).equals(b.get().startingHashKey());
        return adjacent ? Optional.empty()
                : Optional.of(m.shardId() + " and " + m.adjacentShardId() + " are not hash-adjacent");
    }

    private ApplyResult result(ReshardAction action, Outcome outcome, String detail) {
        if (outcome == Outcome.APPLIED) {
            log.info("Reshard advisor on stream {}: {}", stream, detail);
        } else if (outcome == Outcome.FAILED) {
            log.warn("Reshard advisor on stream {}: {} failed: {}", stream, action, detail);
        } else {
            log.info("Reshard advisor on stream {} ({}): {}", stream, outcome, detail);
        }
        return new ApplyResult(action, outcome, detail);
    }
}
