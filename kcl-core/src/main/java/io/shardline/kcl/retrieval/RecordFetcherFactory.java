package io.shardline.kcl.retrieval;

import io.micrometer.core.instrument.MeterRegistry;
import io.shardline.kcl.internal.retrieval.DefaultRecordFetcherFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Creates the {@link RecordFetcher}s of one application and owns what they share: the fetch executor (a few
 * threads named {@code shardline-fetch-N}), the per-stream meters, and for enhanced fan-out the registration of the
 * stream consumer.
 *
 * <pre>{@code
 * try (RecordFetcherFactory fetchers = RecordFetcherFactory.create(kinesisAsync, RetrievalConfig.defaults(),
 *         "orders-app", meterRegistry)) {
 *     RecordFetcher fetcher = fetchers.createFetcher(new StreamShard("orders", "shardId-000000000000", range));
 *     fetcher.start(StartingPosition.trimHorizon(), consumer::wakeUp);
 *     ...
 * }
 * }</pre>
 *
 * <p>The Kinesis client is the caller's: it is used, never closed. For enhanced fan-out it must be an HTTP/2
 * capable async client (the Netty client). Thread-safe.
 */
public interface RecordFetcherFactory extends AutoCloseable {

    /**
     * A factory reading with {@code kinesis} as {@code config} says.
     *
     * @param applicationName names the enhanced fan-out consumer unless the config names one
     * @param meterRegistry   receives the retrieval meters (see the metrics section of the architecture doc)
     */
    static RecordFetcherFactory create(KinesisAsyncClient kinesis, RetrievalConfig config, String applicationName,
            MeterRegistry meterRegistry) {
        return DefaultRecordFetcherFactory.create(kinesis, config, applicationName, meterRegistry);
    }

    /** The settings of every fetcher of this factory. */
    RetrievalConfig config();

    /** A new, not yet started fetcher of {@code shard}: polling or fan-out, as the config says. */
    RecordFetcher createFetcher(StreamShard shard);

    /**
     * Stops the shared fetch threads: every fetcher of this factory stops fetching. Close the fetchers first (their
     * buffers are dropped by their own {@code close}). Idempotent.
     */
    @Override
    void close();
}
