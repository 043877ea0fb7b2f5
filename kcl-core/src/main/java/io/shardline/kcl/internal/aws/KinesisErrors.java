package io.shardline.kcl.internal.aws;

import io.shardline.kcl.retrieval.FatalRetrievalException;
import io.shardline.kcl.retrieval.IteratorExpiredException;
import io.shardline.kcl.retrieval.RetrievalException;
import io.shardline.kcl.retrieval.RetryableRetrievalException;
import io.shardline.kcl.retrieval.RetryableRetrievalException.Cause;
import io.shardline.lease.internal.shared.AwsErrors;
import io.shardline.lease.internal.shared.AwsErrors.Kind;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.ExpiredNextTokenException;

/**
 * The one place where SDK exceptions of Kinesis calls become {@link RetrievalException}s, classified by the project's
 * one classifier ({@link AwsErrors}) plus the two Kinesis-only cases.
 *
 * <ul>
 *   <li>retryable: throttling ({@code ProvisionedThroughputExceeded}, {@code KMSThrottling}, HTTP throttling:
 *       {@link Cause#THROTTLED}); {@code LimitExceeded}; {@code ResourceInUse}; 5xx, {@code InternalFailure} and
 *       an expired {@code ListShards} token ({@link Cause#SERVICE_ERROR}); client-side I/O, timeouts and any other
 *       {@code SdkClientException} ({@link Cause#IO}: the fetchers back off and retry forever,
 *       {@link Kind#retryableInShardLoop()});</li>
 *   <li>{@code ExpiredIterator}: its own type;</li>
 *   <li>fatal: every other service error ({@code ResourceNotFound}, {@code AccessDenied}, {@code InvalidArgument},
 *       the other KMS errors, validation) and unexpected local exceptions.</li>
 * </ul>
 */
public final class KinesisErrors {

    private KinesisErrors() {
    }

    /** {@code error} as a {@link RetrievalException} of {@code operation} on {@code stream} / {@code shardId}. */
    public static RetrievalException translate(Throwable error, String operation, String stream, String shardId) {
        Throwable cause = AwsErrors.unwrap(error);
        if (cause instanceof RetrievalException already) {
            return already;
        }
        String code = AwsErrors.errorCode(cause);
        String detail = AwsErrors.errorMessage(cause);
        if (cause instanceof ExpiredIteratorException || "ExpiredIteratorException".equals(code)) {
            return new IteratorExpiredException(operation, stream, shardId, detail, cause);
        }
        if (cause instanceof ExpiredNextTokenException) {
            return retryable(Cause.SERVICE_ERROR, cause, code, detail, operation, stream, shardId);
        }
        Kind kind = AwsErrors.classify(cause);
        Cause retryCause = switch (kind) {
            case THROTTLED -> Cause.THROTTLED;
            case LIMIT_EXCEEDED -> Cause.LIMIT_EXCEEDED;
            case RESOURCE_IN_USE -> Cause.RESOURCE_IN_USE;
            case SERVER_ERROR, CONFLICT -> Cause.SERVICE_ERROR;
            case IO, TIMEOUT, CLIENT -> Cause.IO;
            case CONDITION_FAILED, FATAL -> null;
        };
        if (retryCause == null) {
            return new FatalRetrievalException(operation, stream, shardId, code, detail, cause);
        }
        return retryable(retryCause, cause, code, detail, operation, stream, shardId);
    }

    private static RetryableRetrievalException retryable(Cause retryCause, Throwable cause, String code,
            String detail, String operation, String stream, String shardId) {
        return new RetryableRetrievalException(retryCause, operation, stream, shardId, code, detail, cause);
    }
}
