package io.shardline.kcl.retrieval;

import java.util.Objects;

/**
 * A Kinesis call that may succeed when tried again after a backoff: throttling, limits, server errors, I/O.
 */
public final class RetryableRetrievalException extends RetrievalException {

    private static final long serialVersionUID = 1L;

    /** Why the call failed; also the {@code cause} tag of the retry metrics. */
    public enum Cause {
        /** {@code ProvisionedThroughputExceededException}, {@code KMSThrottlingException}, HTTP throttling. */
        THROTTLED,
        /** {@code LimitExceededException}: too many control-plane calls. */
        LIMIT_EXCEEDED,
        /** {@code ResourceInUseException}: e.g. a subscription to the shard is still active. */
        RESOURCE_IN_USE,
        /** A 5xx answer or {@code InternalFailureException}. */
        SERVICE_ERROR,
        /** The call did not get an answer: connection, timeout, client-side I/O. */
        IO
    }

    private final Cause retryCause;

    /** A retrieval failure that a retry with backoff may fix. */
    public RetryableRetrievalException(Cause cause, String operation, String stream, String shardId,
            String errorCode, String detail, Throwable sdkCause) {
        super(operation, stream, shardId, errorCode, detail, sdkCause);
        this.retryCause = Objects.requireNonNull(cause, "cause");
    }

    /** Why the call failed. */
    public Cause retryCause() {
        return retryCause;
    }

    /** True for throttling (counted separately: it says the shard's read budget is exhausted). */
    public boolean isThrottling() {
        return retryCause == Cause.THROTTLED;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
