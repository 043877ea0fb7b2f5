package io.shardline.kcl.internal.deadletter;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.shardline.kcl.deadletter.DeadLetterException;
import io.shardline.lease.StoreResilienceConfig;
import io.shardline.lease.internal.shared.AwsErrors;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * One write of a built-in sink: awaited with a deadline, SDK errors translated once into {@link DeadLetterException}
 * (classified by {@link AwsErrors}: throttling, 5xx, client I/O and timeouts retryable; everything else fatal), retryable ones retried with
 * resilience4j (exponential backoff with jitter) as the {@link StoreResilienceConfig} retry settings say. Retries are
 * logged at DEBUG; the consumer logs the outcome. Thread-safe.
 */
final class SinkCalls {

    private static final Logger LOG = LoggerFactory.getLogger(SinkCalls.class);
    /** A write that has not answered by then counts as a retryable failure (the SDK's own timeouts come first). */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final String sink;
    private final Retry retry;

    SinkCalls(String sink, StoreResilienceConfig config) {
        this.sink = sink;
        IntervalFunction backoff = config.jitter() == 0.0
                ? IntervalFunction.ofExponentialBackoff(config.initialBackoff(), config.backoffMultiplier(),
                        config.maxBackoff())
                : IntervalFunction.ofExponentialRandomBackoff(config.initialBackoff(), config.backoffMultiplier(),
                        config.jitter(), config.maxBackoff());
        this.retry = Retry.of("shardline-dead-letter-" + sink, RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .intervalFunction(backoff)
                .retryOnException(e -> e instanceof DeadLetterException d && d.isRetryable())
                .build());
        retry.getEventPublisher().onRetry(e -> LOG.debug("dead-letter write to {} failed (attempt {}): {}; retrying"
                + " in {}", sink, e.getNumberOfRetryAttempts(), e.getLastThrowable(), e.getWaitInterval()));
    }

    /** Runs {@code call} (one SDK request) with retries. */
    void run(Supplier<CompletableFuture<?>> call) {
        Retry.decorateRunnable(retry, () -> {
            CompletableFuture<?> future;
            try {
                future = call.get();
            } catch (RuntimeException e) {
                throw translate(e);
            }
            await(future);
        }).run();
    }

    private void await(CompletableFuture<?> future) {
        try {
            future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new DeadLetterException(sink, "interrupted", true, e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new DeadLetterException(sink, "no answer within " + CALL_TIMEOUT, true, e);
        } catch (ExecutionException e) {
            throw translate(e);
        } catch (CompletionException e) {
            throw translate(e);
        }
    }

    /** {@code error} as a {@link DeadLetterException} of this sink. */
    DeadLetterException translate(Throwable error) {
        Throwable cause = AwsErrors.unwrap(error);
        if (cause instanceof DeadLetterException already) {
            return already;
        }
        return new DeadLetterException(sink, describe(cause), isRetryable(cause), cause);
    }

    /**
     * Retryable as {@link AwsErrors} classifies it for a shard-level loop (throttling, {@code LimitExceeded},
     * {@code ResourceInUse}, 5xx, I/O, timeouts, any other {@code SdkClientException}): the consumer retries a failed
     * write forever anyway.
     */
    static boolean isRetryable(Throwable cause) {
        return AwsErrors.classify(cause).retryableInShardLoop();
    }

    private static String describe(Throwable cause) {
        if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
        }
        return cause.toString();
    }
}
