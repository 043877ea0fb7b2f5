package io.shardline.kcl.retrieval;

import java.util.Objects;

/**
 * A failed Kinesis call of the retrieval layer, translated once from the SDK's exceptions at the Kinesis proxy.
 *
 * <p>Closed set: {@link RetryableRetrievalException} (throttling, limits, 5xx, I/O: try again after a backoff),
 * {@link IteratorExpiredException} (get a new iterator and go on) and {@link FatalRetrievalException} (missing
 * stream, access denied, invalid argument: retrying will not help). Every instance names the operation, the stream
 * and, where there is one, the shard.
 */
public abstract sealed class RetrievalException extends RuntimeException
        permits RetryableRetrievalException, IteratorExpiredException, FatalRetrievalException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String stream;
    private final String shardId;
    private final String errorCode;

    /** A failed Kinesis call, naming the operation, stream, shard and error code. */
    protected RetrievalException(String operation, String stream, String shardId, String errorCode,
            String detail, Throwable cause) {
        super(describe(operation, stream, shardId, errorCode, detail), cause);
        this.operation = Objects.requireNonNull(operation, "operation");
        this.stream = stream;
        this.shardId = shardId;
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    /** The Kinesis API operation that failed, e.g. {@code GetRecords}. */
    public String operation() {
        return operation;
    }

    /** The stream name or ARN the call was about, or {@code null} when the call had none. */
    public String stream() {
        return stream;
    }

    /** The shard the call was about, or {@code null} for stream-level calls. */
    public String shardId() {
        return shardId;
    }

    /** The AWS error code (e.g. {@code ProvisionedThroughputExceededException}) or the local exception's name. */
    public String errorCode() {
        return errorCode;
    }

    /** True when the same call may succeed later. */
    public abstract boolean isRetryable();

    private static String describe(String operation, String stream, String shardId, String errorCode,
            String detail) {
        StringBuilder text = new StringBuilder(operation);
        if (stream != null) {
            text.append(" on stream ").append(stream);
        }
        if (shardId != null) {
            text.append(" shard ").append(shardId);
        }
        text.append(" failed: ").append(errorCode);
        if (detail != null && !detail.isBlank()) {
            text.append(": ").append(detail);
        }
        return text.toString();
    }
}
