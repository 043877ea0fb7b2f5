package io.shardline.kcl.advisor;

import io.micrometer.core.instrument.MeterRegistry;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.internal.advisor.Classifier;
import io.shardline.kcl.internal.advisor.DefaultReshardAdvisor;
import io.shardline.kcl.internal.advisor.SdkStreamOps;
import java.time.Clock;
import java.util.Objects;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Tells why a stream's consumer lags and whether resharding would help. Usage: wrap the processor factory with
 * {@link #observing}, hand the wrapped factory to the {@code ConsumerConfig}, then {@link #start()} (periodic
 * evaluation every {@link AdvisorConfig#evaluationInterval()}) or call {@link #evaluate()} yourself.
 *
 * <p>Each evaluation builds a {@link StreamLoad} from what this worker's processors saw over the window and from
 * {@code DescribeStreamSummary}/{@code ListShards}, {@link #classify classifies} it, publishes the meters, and, for
 * the most urgent action, either applies it ({@link AdvisorConfig#autoApply()}) or logs what it would do. Thread-safe.
 */
public interface ReshardAdvisor extends AutoCloseable {

    /** The pure core: the advice for {@code stream} under {@code config}. No I/O, no clock. */
    static Advice classify(StreamLoad stream, AdvisorConfig config) {
        return new Classifier(Objects.requireNonNull(config, "config")).classify(Objects.requireNonNull(stream,
                "stream"));
    }

    /**
     * An advisor for {@code streamName}. {@code registry} gets the advisor's meters and is read for the
     * {@code shardline.fetch.throttles} counter: pass the registry the scheduler uses.
     */
    static ReshardAdvisor create(String streamName, KinesisAsyncClient kinesis, MeterRegistry registry,
            AdvisorConfig config) {
        Objects.requireNonNull(streamName, "streamName");
        Objects.requireNonNull(kinesis, "kinesis");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(config, "config");
        return new DefaultReshardAdvisor(streamName, new SdkStreamOps(kinesis, streamName), registry, config,
                System::nanoTime, Clock.systemUTC());
    }

    /** {@code delegate}'s processors, watched: every batch feeds the advisor's window. */
    ShardRecordProcessorFactory observing(ShardRecordProcessorFactory delegate);

    /** Reports a GetRecords throttle on {@code shardId} (for fetchers outside Shardline's scheduler). */
    void throttled(String shardId);

    /** What the advisor sees now: stream mode and status, and the load of every open shard. */
    StreamLoad snapshot();

    /** Snapshot, classify, publish meters, then apply the first action or log it (dry run). */
    Advice evaluate();

    /** Applies {@code action} now behind the guardrails (cool-down, one at a time, stream settled), auto-apply or not. */
    ApplyResult apply(ReshardAction action);

    /** Evaluates every {@link AdvisorConfig#evaluationInterval()} on thread {@code shardline-advisor-<stream>}. */
    void start();

    @Override
    void close();
}
