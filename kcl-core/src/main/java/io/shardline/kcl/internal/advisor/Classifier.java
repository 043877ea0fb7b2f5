package io.shardline.kcl.internal.advisor;

import io.shardline.kcl.advisor.Advice;
import io.shardline.kcl.advisor.AdvisorConfig;
import io.shardline.kcl.advisor.CapacityMode;
import io.shardline.kcl.advisor.ReshardAction;
import io.shardline.kcl.advisor.ShardAdvice;
import io.shardline.kcl.advisor.ShardLoad;
import io.shardline.kcl.advisor.StreamLoad;
import io.shardline.kcl.advisor.Verdict;
import java.util.ArrayList;
import java.util.List;

/** The advisor's core: a pure function of a {@link StreamLoad} and an {@link AdvisorConfig}. No clock, no I/O. */
public final class Classifier {

    private final AdvisorConfig config;

    public Classifier(AdvisorConfig config) {
        this.config = config;
    }

    public Advice classify(StreamLoad stream) {
        List<ShardLoad> shards = stream.openShards();
        List<ShardAdvice> verdicts = shards.stream().map(this::judge).toList();
        List<ReshardAction> actions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean onDemand = stream.mode() == CapacityMode.ON_DEMAND;
        if (onDemand && verdicts.stream().anyMatch(v -> v.verdict() == Verdict.PRODUCER_HOT)) {
            notes.add("on-demand stream: Kinesis splits hot shards itself and SplitShard/MergeShards/"
                    + "UpdateShardCount are not available; a hot key range may need better-spread partition keys");
        }
        if (!onDemand) {
            wholeStream(stream, verdicts, notes).ifPresentOrElse(actions::add, () -> {
                splits(shards, verdicts, actions, notes);
                merges(shards, verdicts, actions);
            });
        }
        consumerNotes(verdicts, notes);
        return new Advice(stream.streamName(), verdicts, actions, notes);
    }

    double utilization(ShardLoad load) {
        return Math.max(load.ingestBytesPerSecond() / config.writeLimitBytesPerSecond(),
                load.ingestRecordsPerSecond() / config.writeLimitRecordsPerSecond());
    }

    ShardAdvice judge(ShardLoad load) {
        double u = utilization(load);
        String figures = String.format("ingest %.1f rec/s, %.0f B/s; processed %.1f rec/s; lag %d ms, %+.0f ms/s;"
                        + " read throttles %.2f/s", load.ingestRecordsPerSecond(), load.ingestBytesPerSecond(),
                load.processedRecordsPerSecond(), load.lagMillis(), load.lagTrendMillisPerSecond(),
                load.readThrottlesPerSecond());
        if (!load.observed()) {
            return new ShardAdvice(load.shardId(), Verdict.UNKNOWN, u, "not consumed by this worker in the window");
        }
        if (load.samples() < config.minSamples() && load.readThrottlesPerSecond() < config.readThrottlesPerSecond()) {
            if (load.samples() == 0) {
                // Nothing seen at all in the window: an idle shard is cold, not unknown.
                return new ShardAdvice(load.shardId(), Verdict.COLD, u, "no record in the window; " + figures);
            }
            return new ShardAdvice(load.shardId(), Verdict.UNKNOWN, u, load.samples() + " records seen, fewer than "
                    + config.minSamples() + "; " + figures);
        }
        if (u >= config.hotUtilization()) {
            return new ShardAdvice(load.shardId(), Verdict.PRODUCER_HOT, u, String.format(
                    "ingest at %.0f%% of the write limit (hot at %.0f%%); ", 100 * u,
                    100 * config.hotUtilization()) + figures);
        }
        if (load.readThrottlesPerSecond() >= config.readThrottlesPerSecond()) {
            return new ShardAdvice(load.shardId(), Verdict.READ_THROTTLED, u,
                    "GetRecords throttled: use enhanced fan-out or fewer applications polling; " + figures);
        }
        if (lagGrowing(load) && u < config.modestUtilization()) {
            return new ShardAdvice(load.shardId(), Verdict.CONSUMER_BOUND, u,
                    "lag growing while ingest is modest: add workers or per-key lanes, a reshard does not help; "
                            + figures);
        }
        if (u < config.coldUtilization()) {
            return new ShardAdvice(load.shardId(), Verdict.COLD, u, String.format(
                    "ingest at %.0f%% of the write limit (cold below %.0f%%); ", 100 * u,
                    100 * config.coldUtilization()) + figures);
        }
        return new ShardAdvice(load.shardId(), Verdict.HEALTHY, u, figures);
    }

    private boolean lagGrowing(ShardLoad load) {
        return load.lagMillis() >= config.minLag().toMillis()
                && load.lagTrendMillisPerSecond() >= config.lagGrowthMillisPerSecond();
    }

    /** UpdateShardCount when every shard is hot (or every shard cold) and the load is uniform. */
    private java.util.Optional<ReshardAction> wholeStream(StreamLoad stream, List<ShardAdvice> verdicts,
            List<String> notes) {
        int n = verdicts.size();
        if (n < 2) {
            return java.util.Optional.empty();
        }
        boolean allHot = verdicts.stream().allMatch(v -> v.verdict() == Verdict.PRODUCER_HOT);
        boolean allCold = verdicts.stream().allMatch(v -> v.verdict() == Verdict.COLD);
        if (!allHot && !allCold) {
            return java.util.Optional.empty();
        }
        double mean = verdicts.stream().mapToDouble(ShardAdvice::utilization).average().orElse(0);
        double max = verdicts.stream().mapToDouble(ShardAdvice::utilization).max().orElse(0);
        if (allHot && max > mean * (1 + config.uniformTolerance())) {
            return java.util.Optional.empty(); // skewed: split the hottest instead
        }
        int wanted = (int) Math.ceil(n * mean / config.targetUtilization());
        int target = Math.max(1, Math.min(2 * n, Math.max((n + 1) / 2, wanted)));
        if (target == n) {
            return java.util.Optional.empty();
        }
        if (stream.updateShardCountCallsLast24h() >= config.updateShardCountCallsPerDay()) {
            notes.add("uniform load calls for UpdateShardCount " + n + " -> " + target + " but "
                    + stream.updateShardCountCallsLast24h() + " calls were made in the last 24 h (limit "
                    + config.updateShardCountCallsPerDay() + ")");
            return java.util.Optional.empty();
        }
        if (target != wanted && allHot) {
            notes.add("UpdateShardCount at most doubles per call: " + n + " -> " + target + " (wanted " + wanted
                    + ")");
        }
        return java.util.Optional.of(new ReshardAction.UpdateShardCount(n, target));
    }

    private void splits(List<ShardLoad> shards, List<ShardAdvice> verdicts, List<ReshardAction> actions,
            List<String> notes) {
        List<Integer> hot = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            if (verdicts.get(i).verdict() == Verdict.PRODUCER_HOT) {
                hot.add(i);
            }
        }
        hot.sort((a, b) -> Double.compare(verdicts.get(b).utilization(), verdicts.get(a).utilization()));
        for (int i : hot) {
            ShardLoad load = shards.get(i);
            SplitPoint.of(load).ifPresentOrElse(
                    key -> actions.add(new ReshardAction.Split(load.shardId(), key)),
                    () -> notes.add(load.shardId() + " is hot but all its observed load is on one hash key ("
                            + SplitPoint.heaviestKey(load).orElse(load.startingHashKey())
                            + "): a split cannot spread one partition key; spread the keys"));
        }
    }

    /** Pairs cold hash-adjacent shards, lowest hash keys first, each shard in at most one pair. */
    private void merges(List<ShardLoad> shards, List<ShardAdvice> verdicts, List<ReshardAction> actions) {
        for (int i = 0; i + 1 < shards.size(); i++) {
            ShardLoad a = shards.get(i);
            ShardLoad b = shards.get(i + 1);
            boolean adjacent = a.endingHashKey().add(java.math.BigInteger.ONE).equals(b.startingHashKey());
            if (adjacent && verdicts.get(i).verdict() == Verdict.COLD && verdicts.get(i + 1).verdict() == Verdict.COLD
                    && verdicts.get(i).utilization() + verdicts.get(i + 1).utilization() < config.coldUtilization()
                    * 2) {
                actions.add(new ReshardAction.Merge(a.shardId(), b.shardId()));
                i++;
            }
        }
    }

    private static void consumerNotes(List<ShardAdvice> verdicts, List<String> notes) {
        List<String> bound = verdicts.stream().filter(v -> v.verdict() == Verdict.CONSUMER_BOUND)
                .map(ShardAdvice::shardId).toList();
        if (!bound.isEmpty()) {
            notes.add("consumer-bound " + bound + ": add workers or per-key lanes; a reshard would not help");
        }
        List<String> throttled = verdicts.stream().filter(v -> v.verdict() == Verdict.READ_THROTTLED)
                .map(ShardAdvice::shardId).toList();
        if (!throttled.isEmpty()) {
            notes.add("read-throttled " + throttled + ": use enhanced fan-out or fewer applications polling");
        }
    }
}
