package io.shardline.kcl.retrieval;

/**
 * A Kinesis call that will not succeed by retrying: the stream or consumer does not exist, access is denied, an
 * argument is invalid (for example a sequence number of another shard), the KMS key is unusable, or an unexpected
 * local failure. A fetcher that meets one stops and reports it as a {@linkplain RecordBatch#failed failed batch}.
 */
public final class FatalRetrievalException extends RetrievalException {

    private static final long serialVersionUID = 1L;

    /** A retrieval failure that retrying will not fix. */
    public FatalRetrievalException(String operation, String stream, String shardId, String errorCode,
            String detail, Throwable sdkCause) {
        super(operation, stream, shardId, errorCode, detail, sdkCause);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
