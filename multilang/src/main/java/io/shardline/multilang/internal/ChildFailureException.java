package io.shardline.multilang.internal;

/**
 * The child process of a shard failed: it exited, stopped answering within the configured time, answered out of turn,
 * or could not be started or written to. The processor throws it from the callback, so the consumer's
 * {@link io.shardline.kcl.FailurePolicy} handles it (retry with a new child, then stop the shard or dead-letter).
 */
public final class ChildFailureException extends RuntimeException {

    private final String shardId;

    public ChildFailureException(String shardId, String message, Throwable cause) {
        super("child process of shard " + shardId + ": " + message, cause);
        this.shardId = shardId;
    }

    public ChildFailureException(String shardId, String message) {
        this(shardId, message, null);
    }

    public String shardId() {
        return shardId;
    }
}
