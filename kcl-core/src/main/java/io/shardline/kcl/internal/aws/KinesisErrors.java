package io.shardline.kcl.internal.aws;

import io.shardline.kcl.retrieval.FatalRetrievalException;
import io.shardline.kcl.retrieval.IteratorExpiredException;
import io.shardline.kcl.retrieval.RetrievalException;
import io.shardline.kcl.retrieval.RetryableRetrievalException;
import io.shardline.kcl.retrieval.RetryableRetrievalException.Cause;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.ExpiredNextTokenException;
import software.amazon.awssdk.services.kinesis.model.InternalFailureException;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;

/**
 * The one place where SDK exceptions become {@link RetrievalException}s.
 *
 * <ul>
 *   <li>retryable: {@code ProvisionedThroughputExceeded}, {@code KMSThrottling} and HTTP throttling
 *       ({@link Cause#THROTTLED}); {@code LimitExceeded}; {@code ResourceInUse}; 5xx, {@code InternalFailure} and
 *       an expired {@code ListShards} token ({@link Cause#SERVICE_ERROR}); client-side I/O, timeouts
 *       ({@link Cause#IO});</li>
 *   <li>{@code ExpiredIterator}: its own type;</li>
 *   <li>fatal: every other service error ({@code ResourceNotFound}, {@code AccessDenied}, {@code InvalidArgument},
 *       the other KMS errors, validation) and unexpected local exceptions.</li>
 * </ul>
 */
public final class KinesisErrors {

    private static final Set<String> THROTTLING_CODES = Set.of("ThrottlingException", "Throttling",
            "ThrottledException", "RequestLimitExceeded", "TooManyRequestsException", "SlowDown",
            "ProvisionedThroughputExceededException", "KMSThrottlingException");

    private KinesisErrors() {
    }

    /** Strips {@link CompletionException} / {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** {@code error} as a {@link RetrievalException} of {@code operation} on {@code stream} / {@code shardId}. */
    public static RetrievalException translate(Throwable error, String operation, String stream, String shardId) {
        Throwable cause = unwrap(error);
        if (cause instanceof RetrievalException already) {
            return already;
        }
        if (cause instanceof ExpiredIteratorException) {
            return new IteratorExpiredException(operation, stream, shardId, detail(cause), cause);
        }
        if (cause instanceof AwsServiceException service) {
            return translateService(service, operation, stream, shardId);
        }
        if (cause instanceof SdkClientException || cause instanceof IOException
                || cause instanceof UncheckedIOException || cause instanceof TimeoutException
                || isFromNetworkStack(cause)) {
            return retryable(Cause.IO, cause, errorName(cause), operation, stream, shardId);
        }
        return new FatalRetrievalException(operation, stream, shardId, errorName(cause), detail(cause), cause);
    }

    private static RetrievalException translateService(AwsServiceException service, String operation,
            String stream, String shardId) {
        String code = serviceErrorCode(service);
        if (service instanceof ProvisionedThroughputExceededException || service instanceof KmsThrottlingException
                || service.isThrottlingException() || THROTTLING_CODES.contains(code)) {
            return retryable(Cause.THROTTLED, service, code, operation, stream, shardId);
        }
        if (service instanceof LimitExceededException) {
            return retryable(Cause.LIMIT_EXCEEDED, service, code, operation, stream, shardId);
        }
        if (service instanceof ResourceInUseException) {
            return retryable(Cause.RESOURCE_IN_USE, service, code, operation, stream, shardId);
        }
        if (service instanceof InternalFailureException || service instanceof ExpiredNextTokenException
                || service.statusCode() >= 500) {
            return retryable(Cause.SERVICE_ERROR, service, code, operation, stream, shardId);
        }
        if ("ExpiredIteratorException".equals(code)) {
            return new IteratorExpiredException(operation, stream, shardId, detail(service), service);
        }
        return new FatalRetrievalException(operation, stream, shardId, code, detail(service), service);
    }

    private static RetryableRetrievalException retryable(Cause retryCause, Throwable cause, String code,
            String operation, String stream, String shardId) {
        return new RetryableRetrievalException(retryCause, operation, stream, shardId, code, detail(cause), cause);
    }

    private static String serviceErrorCode(AwsServiceException service) {
        if (service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return service.getClass().getSimpleName();
    }

    private static String detail(Throwable cause) {
        if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorMessage() != null) {
            return service.awsErrorDetails().errorMessage();
        }
        return cause.getMessage();
    }

    private static String errorName(Throwable cause) {
        return cause.getClass().getSimpleName();
    }

    /** Netty's and the JDK's channel exceptions that do not extend IOException (e.g. HTTP/2 stream resets). */
    private static boolean isFromNetworkStack(Throwable cause) {
        String name = cause.getClass().getName();
        return name.startsWith("io.netty.") || name.startsWith("java.nio.channels.");
    }
}
