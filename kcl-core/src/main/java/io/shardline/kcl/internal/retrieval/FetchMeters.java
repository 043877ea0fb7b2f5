package io.shardline.kcl.internal.retrieval;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.shardline.kcl.retrieval.RetryableRetrievalException;
import java.time.Duration;

/**
 * The retrieval meters of one stream, looked up once per fetcher. Names and tags (every meter has {@code stream}):
 * <ul>
 *   <li>{@code shardline.fetch.latency} (timer, {@code operation}): successful {@code GetRecords} calls;</li>
 *   <li>{@code shardline.fetch.records}, {@code shardline.fetch.bytes}: user records and payload bytes fetched;</li>
 *   <li>{@code shardline.fetch.throttles}: {@code ProvisionedThroughputExceeded} and other throttling;</li>
 *   <li>{@code shardline.fetch.retries} ({@code operation}, {@code cause}): every retryable error, throttles
 *       included;</li>
 *   <li>{@code shardline.fetch.iterator.expired}: shard iterators renewed after expiry;</li>
 *   <li>{@code shardline.fetch.failures} ({@code operation}): fatal errors that stopped a fetcher;</li>
 *   <li>{@code shardline.fetch.subscriptions}: enhanced fan-out subscriptions opened;</li>
 *   <li>{@code shardline.kpl.dropped}: user records dropped for a hash key outside the shard;</li>
 *   <li>{@code shardline.kpl.corrupt}: aggregates that failed the MD5 check or parsing (delivered whole).</li>
 * </ul>
 * Per-shard tags are left out on purpose: 1,000 shards would mean 1,000 series per meter. Thread-safe.
 */
public final class FetchMeters {

    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer getRecordsLatency;
    private final Counter recordsFetched;
    private final Counter bytesFetched;
    private final Counter throttles;
    private final Counter expiredIterators;
    private final Counter subscriptions;
    private final Counter stalledSubscriptions;
    private final Counter droppedOutOfRange;
    private final Counter deliveredOutOfRange;
    private final Counter corruptAggregates;

    public FetchMeters(MeterRegistry registry, String stream) {
        this.registry = registry;
        this.tags = Tags.of("stream", stream);
        this.getRecordsLatency = Timer.builder("shardline.fetch.latency").tags(tags).tag("operation", "GetRecords")
                .description("Latency of successful GetRecords calls").register(registry);
        this.recordsFetched = counter("shardline.fetch.records", "User records fetched");
        this.bytesFetched = counter("shardline.fetch.bytes", "Payload bytes of the user records fetched");
        this.throttles = counter("shardline.fetch.throttles", "Kinesis calls throttled");
        this.expiredIterators = counter("shardline.fetch.iterator.expired", "Shard iterators renewed after expiry");
        this.subscriptions = counter("shardline.fetch.subscriptions", "Enhanced fan-out subscriptions opened");
        this.stalledSubscriptions = counter("shardline.fetch.subscriptions.stalled",
                "Enhanced fan-out subscriptions replaced after a silence of subscriptionStallTimeout");
        this.droppedOutOfRange = counter("shardline.kpl.dropped",
                "User records of KPL aggregates dropped: hash key outside the shard");
        this.deliveredOutOfRange = counter("shardline.kpl.outside-range",
                "User records of aggregates delivered although their hash key is outside the shard");
        this.corruptAggregates = counter("shardline.kpl.corrupt",
                "KPL aggregates failing the MD5 check or parsing, delivered as one plain record");
    }

    void getRecordsSucceeded(Duration latency) {
        getRecordsLatency.record(latency);
    }

    void fetched(int records, long bytes) {
        recordsFetched.increment(records);
        bytesFetched.increment(bytes);
    }

    void retried(String operation, RetryableRetrievalException error) {
        if (error.isThrottling()) {
            throttles.increment();
        }
        Counter.builder("shardline.fetch.retries").tags(tags).tag("operation", operation)
                .tag("cause", error.retryCause().name().toLowerCase(java.util.Locale.ROOT))
                .description("Retryable Kinesis errors of record retrieval").register(registry).increment();
    }

    void iteratorExpired() {
        expiredIterators.increment();
    }

    void failed(String operation) {
        Counter.builder("shardline.fetch.failures").tags(tags).tag("operation", operation)
                .description("Fatal Kinesis errors that stopped a fetcher").register(registry).increment();
    }

    void subscribed() {
        subscriptions.increment();
    }

    void subscriptionStalled() {
        stalledSubscriptions.increment();
    }

    void droppedOutOfRange(int count) {
        droppedOutOfRange.increment(count);
    }

    void deliveredOutOfRange(int count) {
        deliveredOutOfRange.increment(count);
    }

    void corruptAggregate() {
        corruptAggregates.increment();
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).tags(tags).description(description).register(registry);
    }
}
