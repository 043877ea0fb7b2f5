package io.shardline.kcl.advisor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the advisor concluded about a stream.
 *
 * @param streamName the stream
 * @param shards     one verdict per open shard, in hash-key order
 * @param actions    the reshard calls recommended, most urgent first (empty when no reshard would help)
 * @param notes      what else to do or why an action was withheld (on-demand stream, UpdateShardCount quota, ...)
 */
public record Advice(String streamName, List<ShardAdvice> shards, List<ReshardAction> actions, List<String> notes) {

    public Advice {
        Objects.requireNonNull(streamName, "streamName");
        shards = List.copyOf(shards);
        actions = List.copyOf(actions);
        notes = List.copyOf(notes);
    }

    /** The verdict on {@code shardId}, if it is an open shard of the snapshot. */
    public Optional<ShardAdvice> shard(String shardId) {
        return shards.stream().filter(s -> s.shardId().equals(shardId)).findFirst();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Advice for ").append(streamName).append(':');
        shards.forEach(s -> out.append("\n  ").append(s.shardId()).append(' ').append(s.verdict())
                .append(String.format(" (%.0f%% of write limit): ", 100 * s.utilization())).append(s.reason()));
        actions.forEach(a -> out.append("\n  -> ").append(a));
        notes.forEach(n -> out.append("\n  note: ").append(n));
        return out.toString();
    }
}
