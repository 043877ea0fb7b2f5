package io.shardline.samples.common;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Retries a write to a sample's output table (counts, window results) while DynamoDB fails transiently: throttling,
 * 5xx, I/O errors and client timeouts, up to {@value #MAX_ATTEMPTS} attempts with exponential backoff and jitter
 * (~25 s in all, on top of the SDK's own retries). Such a failure is not the record's fault: thrown out of
 * {@code processRecords}, it would count against the record in the application's {@code FailurePolicy}, which ends by
 * stopping the shard (or dead-lettering good records). Other errors (validation, missing table) fail at once.
 */
public final class OutputRetry {

    static final int MAX_ATTEMPTS = 10;

    private static final Retry RETRY = Retry.of("samples-output", RetryConfig.custom()
            .maxAttempts(MAX_ATTEMPTS)
            .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(200), 2, 0.5,
                    Duration.ofSeconds(5)))
            .retryOnException(OutputRetry::isTransient)
            .build());

    private OutputRetry() {
    }

    /** {@code write}'s result, retried while it fails transiently. */
    public static <T> T call(Supplier<T> write) {
        return RETRY.executeSupplier(write);
    }

    /** Throttling, 5xx, I/O and timeouts, also wrapped in a {@link CompletionException}. */
    static boolean isTransient(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof AwsServiceException aws) {
            return aws.isThrottlingException() || aws.statusCode() >= 500;
        }
        return cause instanceof SdkClientException;
    }
}
