package io.shardline.kcl.internal.retrieval;

import io.micrometer.core.instrument.MeterRegistry;
import io.shardline.kcl.internal.aws.KinesisProxy;
import io.shardline.kcl.internal.aws.SdkKinesisProxy;
import io.shardline.kcl.retrieval.RecordFetcher;
import io.shardline.kcl.retrieval.RecordFetcherFactory;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.StreamShard;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/** The {@link RecordFetcherFactory}: wires the proxy, the shared scheduler, meters and consumer registration. */
public final class DefaultRecordFetcherFactory implements RecordFetcherFactory {

    private final FetchEnvironment env;
    private final ExecutorFetchScheduler ownedScheduler;
    private final FanOutConsumers fanOutConsumers;
    private final Map<String, FetchMeters> metersByStream = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A factory over {@code proxy} and {@code scheduler}; closes {@code ownedScheduler} (may be {@code null}) when
     * closed.
     */
    public DefaultRecordFetcherFactory(FetchEnvironment env, String applicationName,
            ExecutorFetchScheduler ownedScheduler) {
        this.env = Objects.requireNonNull(env, "env");
        Objects.requireNonNull(applicationName, "applicationName");
        this.ownedScheduler = ownedScheduler;
        RetrievalConfig config = env.config();
        String consumerName = config.consumerName() != null ? config.consumerName() : applicationName;
        this.fanOutConsumers = config.mode() == RetrievalConfig.Mode.FAN_OUT
                ? new FanOutConsumers(env.proxy(), env.scheduler(), consumerName, config.consumerArn(),
                        config.consumerRegistrationTimeout())
                : null;
    }

    /** The production wiring over the user's client. */
    public static DefaultRecordFetcherFactory create(KinesisAsyncClient kinesis, RetrievalConfig config,
            String applicationName, MeterRegistry meterRegistry) {
        return create(kinesis, config, applicationName, meterRegistry, DroppedRecords.NONE);
    }

    /** The production wiring over the user's client; user records dropped outside their shard go to {@code dropped}. */
    public static DefaultRecordFetcherFactory create(KinesisAsyncClient kinesis, RetrievalConfig config,
            String applicationName, MeterRegistry meterRegistry, DroppedRecords dropped) {
        Objects.requireNonNull(kinesis, "kinesis");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        KinesisProxy proxy = new SdkKinesisProxy(kinesis, config);
        ExecutorFetchScheduler scheduler = new ExecutorFetchScheduler(config.fetchThreads());
        FetchEnvironment env = new FetchEnvironment(proxy, scheduler, config,
                FetchEnvironment.exponentialRandomBackoff(config), meterRegistry, dropped);
        return new DefaultRecordFetcherFactory(env, applicationName, scheduler);
    }

    @Override
    public RetrievalConfig config() {
        return env.config();
    }

    @Override
    public RecordFetcher createFetcher(StreamShard shard) {
        Objects.requireNonNull(shard, "shard");
        if (closed.get()) {
            throw new IllegalStateException("the fetcher factory is closed");
        }
        FetchMeters meters = metersByStream.computeIfAbsent(shard.stream(),
                stream -> new FetchMeters(env.registry(), stream));
        if (fanOutConsumers != null) {
            return new FanOutRecordFetcher(shard, env, fanOutConsumers, meters);
        }
        CallBudget budget = CallBudget.throttleAdaptive(env.config().callsPerSecondPerShard(),
                env.scheduler()::nanoTime);
        return new PollingRecordFetcher(shard, env, budget, meters);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownedScheduler != null) {
            ownedScheduler.shutdown();
        }
    }
}
