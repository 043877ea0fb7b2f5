package io.shardline.kcl.retrieval;

/**
 * The shard iterator of a {@code GetRecords} call expired (iterators live 5 minutes). Not an error of the shard:
 * the fetcher takes a new iterator after the last record it fetched and goes on.
 */
public final class IteratorExpiredException extends RetrievalException {

    private static final long serialVersionUID = 1L;

    /** The shard iterator expired; the fetcher gets a new one. */
    public IteratorExpiredException(String operation, String stream, String shardId, String detail,
            Throwable sdkCause) {
        super(operation, stream, shardId, "ExpiredIteratorException", detail, sdkCause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
