package io.shardline.kcl.internal.advisor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.shardline.kcl.advisor.Advice;
import io.shardline.kcl.advisor.ApplyResult;
import io.shardline.kcl.advisor.ReshardAction;
import io.shardline.kcl.advisor.ShardAdvice;
import io.shardline.kcl.advisor.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The advisor's meters (tag {@code stream} on all):
 * <ul>
 *   <li>{@code shardline.advisor.verdict} (gauge; {@code shard}, {@code verdict}): 1 for each open shard's current
 *       verdict (one series per shard; a shard's series go when it closes);</li>
 *   <li>{@code shardline.advisor.utilization} (gauge; {@code shard}): ingest over the write limit, 1.0 = at it;</li>
 *   <li>{@code shardline.advisor.actions} (counter; {@code action}, {@code outcome}): advised actions by
 *       {@code applied}, {@code dry_run}, {@code refused}, {@code failed}.</li>
 * </ul>
 */
final class AdvisorMeters {

    private final MeterRegistry registry;
    private final Tags tags;
    private final MultiGauge verdicts;
    private final MultiGauge utilization;

    AdvisorMeters(MeterRegistry registry, String stream) {
        this.registry = registry;
        this.tags = Tags.of("stream", stream);
        this.verdicts = MultiGauge.builder("shardline.advisor.verdict").tags(tags)
                .description("1 for the reshard advisor's current verdict on each open shard").register(registry);
        this.utilization = MultiGauge.builder("shardline.advisor.utilization").tags(tags)
                .description("Shard ingest over the write limit (1.0 = at the limit)").register(registry);
    }

    void advised(Advice advice) {
        List<MultiGauge.Row<?>> verdictRows = new ArrayList<>();
        List<MultiGauge.Row<?>> utilizationRows = new ArrayList<>();
        for (ShardAdvice s : advice.shards()) {
            verdictRows.add(MultiGauge.Row.of(Tags.of("shard", s.shardId(), "verdict", name(s.verdict())), 1));
            utilizationRows.add(MultiGauge.Row.of(Tags.of("shard", s.shardId()), s.utilization()));
        }
        verdicts.register(verdictRows, true);
        utilization.register(utilizationRows, true);
    }

    void applied(ApplyResult result) {
        Counter.builder("shardline.advisor.actions").tags(tags).tag("action", actionName(result.action()))
                .tag("outcome", result.outcome().name().toLowerCase(Locale.ROOT))
                .description("Reshard actions the advisor recommended, by outcome").register(registry).increment();
    }

    static String name(Verdict verdict) {
        return verdict.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String actionName(ReshardAction action) {
        if (action instanceof ReshardAction.Split) {
            return "split";
        }
        return action instanceof ReshardAction.Merge ? "merge" : "update-shard-count";
    }
}
