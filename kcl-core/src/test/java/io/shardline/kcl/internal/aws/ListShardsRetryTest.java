package io.shardline.kcl.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.core.IntervalFunction;
import io.shardline.kcl.retrieval.FatalRetrievalException;
import io.shardline.kcl.retrieval.RetryableRetrievalException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ListShardsRetryTest {

    private static final StreamRef STREAM = StreamRef.of("orders");
    private static final List<ShardDescription> SHARDS = List.of();

    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final KinesisProxy proxy = new ListShardsRetry(new ListingOnly(), 3,
            IntervalFunction.of(Duration.ofMillis(1)), millis -> Runnable::run);

    private static RetryableRetrievalException throttled() {
        return new RetryableRetrievalException(RetryableRetrievalException.Cause.THROTTLED, "ListShards", "orders",
                null, "LimitExceededException", "rate exceeded", null);
    }

    @Test
    void retriesThrottlingAndServiceErrorsUntilItSucceeds() {
        failures.add(throttled());
        failures.add(new RetryableRetrievalException(RetryableRetrievalException.Cause.SERVICE_ERROR, "ListShards",
                "orders", null, "InternalFailure", "500", null));

        assertThat(proxy.listShards(STREAM, null)).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(SHARDS);
        assertThat(calls).hasValue(3);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastError() {
        for (int i = 0; i < 3; i++) {
            failures.add(throttled());
        }

        assertThat(proxy.listShards(STREAM, null)).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(
                java.util.concurrent.ExecutionException.class).withCauseInstanceOf(RetryableRetrievalException.class);
        assertThat(calls).hasValue(3);
    }

    @Test
    void aFatalErrorFailsAtOnce() {
        failures.add(new FatalRetrievalException("ListShards", "orders", null, "ResourceNotFoundException",
                "no such stream", null));

        assertThat(proxy.listShards(STREAM, null)).failsWithin(Duration.ofSeconds(5));
        assertThat(calls).hasValue(1);
    }

    /** Only ListShards; it fails with the queued errors first. */
    private final class ListingOnly implements KinesisProxy {
        @Override
        public CompletableFuture<List<ShardDescription>> listShards(StreamRef stream, ShardListFilter filter) {
            calls.incrementAndGet();
            Throwable failure = failures.poll();
            return failure == null ? CompletableFuture.completedFuture(SHARDS) : CompletableFuture.failedFuture(failure);
        }

        @Override
        public CompletableFuture<StreamSummary> describeStreamSummary(StreamRef stream) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<String> getShardIterator(StreamRef stream, String shardId, IteratorPosition p) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<RecordsResult> getRecords(StreamRef stream, String shardId, String it, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<StreamConsumer> registerStreamConsumer(String streamArn, String consumerName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<StreamConsumer> describeStreamConsumer(String streamArn, String consumerName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void subscribeToShard(String consumerArn, String shardId, IteratorPosition position,
                ShardSubscriber subscriber) {
            throw new UnsupportedOperationException();
        }
    }
}
