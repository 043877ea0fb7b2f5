package io.shardline.kcl.internal.retrieval;

import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.MeterRegistry;
import io.shardline.kcl.internal.aws.KinesisProxy;
import io.shardline.kcl.retrieval.RetrievalConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * What every fetcher of a factory shares.
 *
 * @param proxy     the Kinesis calls
 * @param scheduler the shared fetch executor and clock
 * @param config    retrieval settings
 * @param backoff   delay (millis) before retry attempt {@code n >= 1}
 * @param registry  where meters go
 * @param dropped   where user records dropped outside the shard's range go ({@link DroppedRecords#NONE}: nowhere)
 */
public record FetchEnvironment(KinesisProxy proxy, FetchScheduler scheduler, RetrievalConfig config,
        IntervalFunction backoff, MeterRegistry registry, DroppedRecords dropped) {

    /** An environment whose dropped records go nowhere but the count and the WARN. */
    public FetchEnvironment(KinesisProxy proxy, FetchScheduler scheduler, RetrievalConfig config,
            IntervalFunction backoff, MeterRegistry registry) {
        this(proxy, scheduler, config, backoff, registry, DroppedRecords.NONE);
    }

    public FetchEnvironment {
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(dropped, "dropped");
    }

    /** Exponential backoff with 50 % jitter between the config's base and max: resilience4j's random backoff. */
    public static IntervalFunction exponentialRandomBackoff(RetrievalConfig config) {
        return IntervalFunction.ofExponentialRandomBackoff(config.retryBackoffBase(), 2.0, 0.5,
                config.retryBackoffMax());
    }

    /** The delay before retry attempt {@code attempt} (1 for the first retry). */
    Duration backoffDelay(int attempt) {
        return Duration.ofMillis(backoff.apply(Math.max(1, attempt)));
    }
}
