package io.shardline.lease.internal.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one classifier of AWS SDK failures, for every service the library calls (DynamoDB lease and coordination
 * tables, Kinesis, the dead-letter sinks). Each caller turns the {@link Kind} into its own exception type once, at
 * its wrapper ({@code DynamoDbCalls}, {@code KinesisErrors}, {@code SinkCalls}).
 *
 * <p>Codes are matched by the service's error code, or by the exception's simple class name when the SDK gave no
 * error details, so no service's model classes are needed here (lease-coordinator knows nothing about Kinesis).
 * Stateless and thread-safe.
 */
public final class AwsErrors {

    /** What a failure is, and whether trying again can help ({@link #retryable()}). */
    public enum Kind {
        /** Throttling: {@code ProvisionedThroughputExceeded}, {@code RequestLimitExceeded}, HTTP 429, ... */
        THROTTLED(true),
        /** {@code LimitExceeded}: too many control-plane calls or concurrent operations. */
        LIMIT_EXCEEDED(true),
        /** {@code ResourceInUse}: the table or stream is being created, updated or deleted. */
        RESOURCE_IN_USE(true),
        /** {@code TransactionConflict}: another request changed the item at the same time. */
        CONFLICT(true),
        /** 5xx, {@code InternalFailure}, {@code InternalServerError}, {@code ServiceUnavailable}. */
        SERVER_ERROR(true),
        /** No answer in time: the SDK's API-call or attempt timeout, or a {@link TimeoutException}. */
        TIMEOUT(true),
        /** Client-side I/O: connection refused or reset, a broken HTTP/2 stream. */
        IO(true),
        /**
         * An {@link SdkClientException} without an I/O or timeout cause (credentials could not be loaded, a request
         * could not be marshalled). Not retryable by {@link #retryable()}; the shard-level loops that retry forever
         * anyway (Kinesis reads, dead-letter writes) treat it as I/O, see {@link #retryableInShardLoop()}.
         */
        CLIENT(false),
        /** {@code ConditionalCheckFailed}: the write's condition was false (for the lease store: fenced). */
        CONDITION_FAILED(false),
        /** Any other service error (validation, not found, access denied) or unexpected local exception. */
        FATAL(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        /** True when the same call may succeed if tried again later. */
        public boolean retryable() {
            return retryable;
        }

        /**
         * {@link #retryable()}, and also {@link #CLIENT}: the rule of the per-shard loops (Kinesis reads, dead-letter
         * writes) that back off and retry forever and log each streak, where giving up on an unclassified client
         * error would only stop the shard. The lease store uses the strict {@link #retryable()}: its callers retry on
         * their next round anyway.
         */
        public boolean retryableInShardLoop() {
            return retryable || this == CLIENT;
        }
    }

    private static final Set<String> THROTTLING_CODES = Set.of("ThrottlingException", "Throttling",
            "ThrottledException", "RequestLimitExceeded", "RequestLimitExceededException", "TooManyRequestsException",
            "SlowDown", "ProvisionedThroughputExceededException", "KMSThrottlingException", "KmsThrottlingException");
    private static final Set<String> SERVER_ERROR_CODES = Set.of("InternalFailure", "InternalFailureException",
            "InternalServerError", "InternalServerErrorException", "ServiceUnavailable", "ServiceUnavailableException");

    private AwsErrors() {
    }

    /** Strips {@link CompletionException} / {@link ExecutionException} wrappers (any depth). */
    public static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** What {@code error} (unwrapped first) is. */
    public static Kind classify(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof AwsServiceException service) {
            return classifyService(service);
        }
        if (isTimeout(cause)) {
            return Kind.TIMEOUT;
        }
        if (isIo(cause)) {
            return Kind.IO;
        }
        if (cause instanceof SdkClientException client) {
            for (Throwable c = client.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (isTimeout(c)) {
                    return Kind.TIMEOUT;
                }
                if (isIo(c)) {
                    return Kind.IO;
                }
            }
            return Kind.CLIENT;
        }
        return Kind.FATAL;
    }

    /** {@code classify(error).retryable()}. */
    public static boolean isRetryable(Throwable error) {
        return classify(error).retryable();
    }

    /**
     * The service's error code ({@code ProvisionedThroughputExceededException}, ...), or the exception's simple class
     * name when it has none or is not a service error.
     */
    public static String errorCode(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return cause.getClass().getSimpleName();
    }

    /** The service's error message where it has one, otherwise the exception's message. */
    public static String errorMessage(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorMessage() != null) {
            return service.awsErrorDetails().errorMessage();
        }
        return cause.getMessage();
    }

    private static Kind classifyService(AwsServiceException service) {
        String code = errorCode(service);
        if (service.isThrottlingException() || THROTTLING_CODES.contains(code)) {
            return Kind.THROTTLED;
        }
        if ("LimitExceededException".equals(code)) {
            return Kind.LIMIT_EXCEEDED;
        }
        if ("ResourceInUseException".equals(code)) {
            return Kind.RESOURCE_IN_USE;
        }
        if ("TransactionConflictException".equals(code)) {
            return Kind.CONFLICT;
        }
        if ("ConditionalCheckFailedException".equals(code)) {
            return Kind.CONDITION_FAILED;
        }
        if (service.statusCode() >= 500 || SERVER_ERROR_CODES.contains(code)) {
            return Kind.SERVER_ERROR;
        }
        return Kind.FATAL;
    }

    private static boolean isTimeout(Throwable t) {
        return t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException
                || t instanceof TimeoutException;
    }

    /** I/O, including Netty's and the JDK's channel exceptions that do not extend IOException (HTTP/2 resets). */
    private static boolean isIo(Throwable t) {
        if (t instanceof IOException || t instanceof UncheckedIOException) {
            return true;
        }
        String name = t.getClass().getName();
        return name.startsWith("io.netty.") || name.startsWith("java.nio.channels.");
    }
}
