package io.shardline.kcl.internal.aws;

import io.github.resilience4j.core.IntervalFunction;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.RetrievalException;
import io.shardline.lease.internal.shared.AwsErrors;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KinesisProxy} whose {@code listShards} retries retryable errors (throttling, 5xx, I/O: see
 * {@link KinesisErrors}) up to {@link RetrievalConfig#listShardsMaxAttempts()} attempts, waiting an exponential backoff
 * with 50 % jitter ({@link RetrievalConfig#retryBackoffBase()} doubling up to {@link RetrievalConfig#retryBackoffMax()},
 * resilience4j's {@link IntervalFunction}); fatal errors fail at once. The other calls go straight through: the
 * fetchers retry theirs in their own loops, and a second layer would multiply attempts. Waits are timers
 * ({@link CompletableFuture#delayedExecutor}), never a blocked thread. Retries log at DEBUG; the caller logs the
 * outcome (one WARN line per failed shard sync).
 */
public final class ListShardsRetry implements KinesisProxy {

    private static final Logger LOG = LoggerFactory.getLogger(ListShardsRetry.class);

    private final KinesisProxy delegate;
    private final int maxAttempts;
    private final IntervalFunction backoff;
    private final LongFunction<Executor> delays;

    /** Retries {@code delegate}'s {@code listShards} as {@code config} says. */
    public static KinesisProxy around(KinesisProxy delegate, RetrievalConfig config) {
        return new ListShardsRetry(delegate, config.listShardsMaxAttempts(),
                IntervalFunction.ofExponentialRandomBackoff(config.retryBackoffBase(), 2.0, 0.5,
                        config.retryBackoffMax()),
                millis -> CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
    }

    ListShardsRetry(KinesisProxy delegate, int maxAttempts, IntervalFunction backoff, LongFunction<Executor> delays) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.maxAttempts = maxAttempts;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.delays = Objects.requireNonNull(delays, "delays");
    }

    @Override
    public CompletableFuture<List<ShardDescription>> listShards(StreamRef stream, ShardListFilter filter) {
        return attempt(() -> delegate.listShards(stream, filter), 1, stream);
    }

    private <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> call, int attempt, StreamRef stream) {
        CompletableFuture<T> result = new CompletableFuture<>();
        call.get().whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = KinesisErrors.translate(error, "ListShards", stream.toString(), null);
            if (!(cause instanceof RetrievalException retrieval && retrieval.isRetryable()) || attempt >= maxAttempts) {
                result.completeExceptionally(cause);
                return;
            }
            long wait = backoff.apply(attempt);
            LOG.debug("ListShards of {} failed (attempt {} of {}): {}; retrying in {} ms", stream, attempt,
                    maxAttempts, cause.getMessage(), wait);
            CompletableFuture.runAsync(() -> attempt(call, attempt + 1, stream).whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(AwsErrors.unwrap(e));
                } else {
                    result.complete(v);
                }
            }), delays.apply(wait));
        });
        return result;
    }

    @Override
    public CompletableFuture<StreamSummary> describeStreamSummary(StreamRef stream) {
        return delegate.describeStreamSummary(stream);
    }

    @Override
    public CompletableFuture<String> getShardIterator(StreamRef stream, String shardId, IteratorPosition position) {
        return delegate.getShardIterator(stream, shardId, position);
    }

    @Override
    public CompletableFuture<RecordsResult> getRecords(StreamRef stream, String shardId, String shardIterator,
            int limit) {
        return delegate.getRecords(stream, shardId, shardIterator, limit);
    }

    @Override
    public CompletableFuture<StreamConsumer> registerStreamConsumer(String streamArn, String consumerName) {
        return delegate.registerStreamConsumer(streamArn, consumerName);
    }

    @Override
    public CompletableFuture<StreamConsumer> describeStreamConsumer(String streamArn, String consumerName) {
        return delegate.describeStreamConsumer(streamArn, consumerName);
    }

    @Override
    public void subscribeToShard(String consumerArn, String shardId, IteratorPosition position,
            ShardSubscriber subscriber) {
        delegate.subscribeToShard(consumerArn, shardId, position, subscriber);
    }
}
