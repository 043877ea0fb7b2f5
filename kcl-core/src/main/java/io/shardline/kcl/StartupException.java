package io.shardline.kcl;

import java.util.Objects;

/**
 * {@link Scheduler#start()} failed before the worker took any lease: a service did not answer in
 * {@link ConsumerConfig#startupTimeout()}, refused the connection, denied access, or the stream does not exist. The
 * message names the service, the endpoint and the root cause; the {@linkplain #getCause() cause} is the original
 * error. Nothing was created when the stream does not exist or Kinesis or DynamoDB cannot be reached.
 */
public final class StartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String service;
    private final String endpoint;

    /**
     * A start-up failure.
     *
     * @param service  {@code Kinesis} or {@code DynamoDB}
     * @param endpoint the endpoint the client calls (its override, or the region's)
     * @param message  the whole message
     * @param cause    the original error, may be null
     */
    public StartupException(String service, String endpoint, String message, Throwable cause) {
        super(message, cause);
        this.service = Objects.requireNonNull(service, "service");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** The service that failed: {@code Kinesis} or {@code DynamoDB}. */
    public String service() {
        return service;
    }

    /** The endpoint of the failing service, as the client calls it. */
    public String endpoint() {
        return endpoint;
    }
}
