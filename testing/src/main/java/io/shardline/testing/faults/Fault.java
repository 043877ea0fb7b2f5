package io.shardline.testing.faults;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;

/**
 * One fault registered with a {@link FaultInjector}: which calls it hits (service, operations), what it does, and for
 * how many calls. Active from registration until {@link #remove()} or until its {@code times} are used up.
 * Thread-safe.
 */
public final class Fault implements AutoCloseable {

    /** What a fault does to a call it hits. */
    public enum Kind {
        /** Fails with the service's throttling error (Kinesis {@code ProvisionedThroughputExceeded} or
         *  {@code LimitExceeded}, DynamoDB {@code ProvisionedThroughputExceeded}), HTTP 400. */
        THROTTLE,
        /** Fails with the service's internal error (Kinesis {@code InternalFailure}, DynamoDB
         *  {@code InternalServerError}), HTTP 500. */
        SERVER_ERROR,
        /** Fails before the request is sent, as a refused connection ({@code SdkClientException} caused by a
         *  {@code ConnectException}): the service is unreachable. */
        DROP,
        /** Holds the call for a while, then lets it through. */
        DELAY,
        /** The service stops answering: the request goes to a local address that accepts connections and never
         *  replies, so the call waits for the client's own timeouts (forever without any): a stalled table or a
         *  network partition. Requests sent during the stall never get an answer, even after it is removed. */
        STALL,
        /** Fails with an exception of the test's choice. */
        FAIL
    }

    private final FaultInjector.Service service;
    private final Set<String> operations;
    private final Kind kind;
    private final Duration delay;
    private final Supplier<? extends RuntimeException> error;
    private final AtomicInteger remaining;
    private final Predicate<SdkRequest> requests;
    private final AtomicLong hits = new AtomicLong();
    private volatile boolean removed;

    Fault(FaultInjector.Service service, Set<String> operations, Kind kind, Duration delay,
            Supplier<? extends RuntimeException> error, int times, Predicate<SdkRequest> requests) {
        this.service = Objects.requireNonNull(service, "service");
        this.operations = Set.copyOf(operations);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.delay = delay;
        this.error = error;
        this.remaining = new AtomicInteger(times);
        this.requests = Objects.requireNonNull(requests, "requests");
    }

    /** Stops injecting this fault; calls go through again. Idempotent. */
    public void remove() {
        removed = true;
    }

    /** Same as {@link #remove()}, for try-with-resources. */
    @Override
    public void close() {
        remove();
    }

    /** True until removed or used up. */
    public boolean isActive() {
        return !removed && remaining.get() != 0;
    }

    /** How many calls this fault hit so far. */
    public long hits() {
        return hits.get();
    }

    /** What the fault does. */
    public Kind kind() {
        return kind;
    }

    Duration delay() {
        return delay;
    }

    Supplier<? extends RuntimeException> error() {
        return error;
    }

    /** Whether this fault hits {@code request}, a call of {@code operation} on {@code serviceName}; counts the hit. */
    boolean claims(String serviceName, String operation, SdkRequest request) {
        if (removed || !service.matches(serviceName) || (!operations.isEmpty() && !operations.contains(operation))
                || !requests.test(request)) {
            return false;
        }
        int left = remaining.getAndUpdate(n -> n > 0 ? n - 1 : n);
        if (left == 0) {
            return false;
        }
        hits.incrementAndGet();
        return true;
    }

    @Override
    public String toString() {
        return "Fault[" + kind.name().toLowerCase(Locale.ROOT) + " " + service + " "
                + (operations.isEmpty() ? "*" : operations) + (delay != null ? " " + delay : "")
                + ", hits=" + hits + (isActive() ? "" : ", inactive") + "]";
    }
}
