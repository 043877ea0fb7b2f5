package io.shardline.kcl.deadletter;

import java.util.Objects;

/**
 * A {@link DeadLetterSink} could not store an entry. Retryable (throttling, 5xx, network, an open circuit): the
 * consumer tries again after a backoff and the shard waits, so nothing is lost. Fatal (access denied, missing stream or
 * table, an entry larger than the target accepts): the shard stops with an ERROR line, because the record can be
 * neither processed nor parked.
 */
public class DeadLetterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sink;
    private final boolean retryable;

    /** A sink failure; {@code retryable} when storing the entry again may succeed. */
    public DeadLetterException(String sink, String message, boolean retryable, Throwable cause) {
        super("dead-letter sink " + Objects.requireNonNull(sink, "sink") + ": " + message
                + (retryable ? " (retryable)" : " (fatal)"), cause);
        this.sink = sink;
        this.retryable = retryable;
    }

    /** The sink, as its {@code toString()} names it (e.g. {@code Kinesis stream orders-dlq}). */
    public String sink() {
        return sink;
    }

    /** True when a later attempt may succeed. */
    public boolean isRetryable() {
        return retryable;
    }
}
