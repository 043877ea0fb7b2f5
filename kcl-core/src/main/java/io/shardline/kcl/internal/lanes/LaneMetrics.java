package io.shardline.kcl.internal.lanes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * The meters of one shard's lanes, tagged {@code shard}; removed when the processor ends. Names are listed in
 * docs/metrics.md.
 */
final class LaneMetrics {

    private final MeterRegistry registry;
    private final Counter processed;
    private final Counter skipped;
    private final Counter handlerErrors;
    private final Counter deadLettered;
    private final Counter stopped;
    private final List<Meter> gauges;

    LaneMetrics(MeterRegistry registry, String shardId, Progress progress, InstantSource clock) {
        this.registry = registry;
        Tags tags = Tags.of("shard", shardId);
        processed = registry.counter("shardline.lanes.records.processed", tags);
        skipped = registry.counter("shardline.lanes.records.skipped", tags);
        handlerErrors = registry.counter("shardline.lanes.handler.errors", tags);
        deadLettered = registry.counter("shardline.lanes.records.dead.lettered", tags);
        stopped = registry.counter("shardline.lanes.shards.stopped", tags);
        gauges = List.of(
                Gauge.builder("shardline.lanes.oldest.incomplete.age", progress, p -> ageMillis(p, clock))
                        .description("Age (ms since Kinesis arrival) of the oldest record of the shard not done yet;"
                                + " 0 when every record handed to the lanes is done")
                        .baseUnit("milliseconds").tags(tags).register(registry),
                Gauge.builder("shardline.lanes.pending", progress, Progress::pendingCount)
                        .description("Records beyond the low-water mark, done or not").tags(tags).register(registry),
                Gauge.builder("shardline.lanes.in.flight", progress, Progress::inFlight)
                        .description("Records handed to the lanes and not done").tags(tags).register(registry));
    }

    private static double ageMillis(Progress progress, InstantSource clock) {
        Instant oldest = progress.oldestIncompleteArrival();
        return oldest == null ? 0 : Math.max(0, clock.millis() - oldest.toEpochMilli());
    }

    void processed(int count) {
        processed.increment(count);
    }

    void skipped() {
        skipped.increment();
    }

    void handlerError() {
        handlerErrors.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    void stopped() {
        stopped.increment();
    }

    void close() {
        for (Meter meter : List.of(processed, skipped, handlerErrors, deadLettered, stopped)) {
            registry.remove(meter);
        }
        gauges.forEach(registry::remove);
    }
}
