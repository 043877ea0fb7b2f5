package io.shardline.kcl.internal.retrieval;

import io.shardline.kcl.internal.aws.KinesisErrors;
import io.shardline.kcl.internal.aws.KinesisProxy;
import io.shardline.kcl.internal.aws.StreamConsumer;
import io.shardline.kcl.internal.aws.StreamRef;
import io.shardline.kcl.retrieval.FatalRetrievalException;
import io.shardline.kcl.retrieval.RetrievalException;
import io.shardline.kcl.retrieval.RetryableRetrievalException;
import io.shardline.lease.internal.shared.AwsErrors;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds or registers this application's enhanced fan-out consumer on each stream and waits until it is ACTIVE.
 * One resolution per stream is shared by all its shards; a failed one is forgotten, so the next fetcher that asks
 * tries again. A consumer ARN given in the config is used as it is. Thread-safe.
 */
public final class FanOutConsumers {

    private static final Logger log = LoggerFactory.getLogger(FanOutConsumers.class);
    /** How often a CREATING consumer is described again (DescribeStreamConsumer allows 20 calls/s per account). */
    static final Duration ACTIVATION_POLL_INTERVAL = Duration.ofMillis(500);

    private final KinesisProxy proxy;
    private final FetchScheduler scheduler;
    private final String consumerName;
    private final String configuredConsumerArn;
    private final Duration registrationTimeout;
    private final Map<String, CompletableFuture<String>> arnByStream = new ConcurrentHashMap<>();

    public FanOutConsumers(KinesisProxy proxy, FetchScheduler scheduler, String consumerName,
            String configuredConsumerArn, Duration registrationTimeout) {
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.consumerName = Objects.requireNonNull(consumerName, "consumerName");
        this.configuredConsumerArn = configuredConsumerArn;
        this.registrationTimeout = Objects.requireNonNull(registrationTimeout, "registrationTimeout");
    }

    /** The consumer's name. */
    public String consumerName() {
        return consumerName;
    }

    /** The ARN of the ACTIVE consumer on {@code stream}; fails with a {@link RetrievalException}. */
    public CompletableFuture<String> consumerArn(StreamRef stream) {
        if (configuredConsumerArn != null) {
            return CompletableFuture.completedFuture(configuredConsumerArn);
        }
        String key = stream.toString();
        CompletableFuture<String> future = arnByStream.computeIfAbsent(key, ignored -> resolve(stream));
        future.whenComplete((arn, error) -> {
            if (error != null) {
                arnByStream.remove(key, future);
            }
        });
        return future;
    }

    private CompletableFuture<String> resolve(StreamRef stream) {
        long deadline = scheduler.nanoTime() + registrationTimeout.toNanos();
        CompletableFuture<String> streamArn = stream.arn() != null
                ? CompletableFuture.completedFuture(stream.arn())
                : proxy.describeStreamSummary(stream).thenApply(summary -> summary.streamArn());
        return streamArn
                .thenCompose(arn -> findOrRegister(arn).thenCompose(consumer -> awaitActive(arn, consumer, deadline)))
                .handle((arn, error) -> {
                    if (error != null) {
                        throw KinesisErrors.translate(error, "RegisterStreamConsumer", stream.toString(), null);
                    }
                    return arn;
                });
    }

    private CompletableFuture<StreamConsumer> findOrRegister(String streamArn) {
        return proxy.describeStreamConsumer(streamArn, consumerName).exceptionallyCompose(error -> {
            if (!hasErrorCode(error, "ResourceNotFoundException")) {
                return CompletableFuture.failedFuture(AwsErrors.unwrap(error));
            }
            log.info("Registering enhanced fan-out consumer {} on {}", consumerName, streamArn);
            return proxy.registerStreamConsumer(streamArn, consumerName).exceptionallyCompose(registerError ->
                    hasErrorCode(registerError, "ResourceInUseException")
                            ? proxy.describeStreamConsumer(streamArn, consumerName) // registered by a peer
                            : CompletableFuture.failedFuture(AwsErrors.unwrap(registerError)));
        });
    }

    private CompletableFuture<String> awaitActive(String streamArn, StreamConsumer consumer, long deadline) {
        if (consumer.isActive()) {
            log.info("Enhanced fan-out consumer {} is ACTIVE: {}", consumerName, consumer.arn());
            return CompletableFuture.completedFuture(consumer.arn());
        }
        if (scheduler.nanoTime() - deadline > 0) {
            return CompletableFuture.failedFuture(new FatalRetrievalException("DescribeStreamConsumer", streamArn,
                    null, "ConsumerNotActive", "consumer " + consumerName + " is still " + consumer.status()
                    + " after " + registrationTimeout, null));
        }
        CompletableFuture<String> result = new CompletableFuture<>();
        scheduler.schedule(() -> proxy.describeStreamConsumer(streamArn, consumerName)
                .exceptionallyCompose(error -> retryDescribe(error, consumer))
                .thenCompose(next -> awaitActive(streamArn, next, deadline))
                .whenComplete((arn, error) -> {
                    if (error != null) {
                        result.completeExceptionally(AwsErrors.unwrap(error));
                    } else {
                        result.complete(arn);
                    }
                }), ACTIVATION_POLL_INTERVAL);
        return result;
    }

    /** A throttled describe while waiting is answered with the last known state, so waiting goes on. */
    private static CompletableFuture<StreamConsumer> retryDescribe(Throwable error, StreamConsumer lastKnown) {
        Throwable cause = AwsErrors.unwrap(error);
        return cause instanceof RetryableRetrievalException ? CompletableFuture.completedFuture(lastKnown)
                : CompletableFuture.failedFuture(cause);
    }

    private static boolean hasErrorCode(Throwable error, String code) {
        return AwsErrors.unwrap(error) instanceof RetrievalException retrieval
                && code.equals(retrieval.errorCode());
    }
}
