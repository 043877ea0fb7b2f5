package io.shardline.testing.faults;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.InternalFailureException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;

/**
 * Fault injection for AWS SDK v2 clients: an {@link ExecutionInterceptor} that throttles, fails with a 5xx, drops
 * (connection refused) or delays calls by service and operation name, switched on and off at runtime. Add it to a
 * client's {@code overrideConfiguration(o -> o.addExecutionInterceptor(faults))}, or get clients with it from
 * {@link io.shardline.testing.LocalAws#withFaults(FaultInjector)}.
 *
 * <pre>{@code
 * FaultInjector faults = new FaultInjector();
 * LocalAws.FaultyClients clients = aws.withFaults(faults);       // hand these to the code under test
 * Fault throttling = faults.on(Service.KINESIS, "GetRecords").throttle();
 * ...                                                             // every GetRecords now fails as throttled
 * throttling.remove();
 * faults.on(Service.KINESIS, "GetRecords").times(2).expiredIterator();  // the next two fail
 * }</pre>
 *
 * <p>Faults act per attempt, before the request is sent ({@code beforeTransmission}): the emulator never sees a
 * failed call, as with real throttling, and the SDK's own retry strategy (if the client has one) sees the error just
 * as it would see the service's. Errors are the service's own exception types with the real error codes and HTTP
 * status, so the code under test classifies them as it would in production. The first active fault that matches a
 * call applies. Thread-safe; faults may be added and removed while calls run.
 */
public final class FaultInjector implements ExecutionInterceptor {

    /** The services a fault can target, by the SDK's service name. */
    public enum Service {
        /** Calls of the Kinesis clients. */
        KINESIS("Kinesis"),
        /** Calls of the DynamoDB clients. */
        DYNAMODB("DynamoDB"),
        /** Every service. */
        ANY("*");

        private final String sdkName;

        Service(String sdkName) {
            this.sdkName = sdkName;
        }

        boolean matches(String serviceName) {
            return this == ANY || sdkName.equalsIgnoreCase(serviceName);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(FaultInjector.class);
    private static final Set<String> KINESIS_DATA_PLANE = Set.of("GetRecords", "GetShardIterator", "PutRecord",
            "PutRecords");

    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    /** Starts a fault on {@code operations} of {@code service} (none: every operation); finish it with a kind. */
    public Builder on(Service service, String... operations) {
        return new Builder(Objects.requireNonNull(service, "service"), Set.of(operations));
    }

    /** Removes every fault. */
    public void clear() {
        faults.forEach(Fault::remove);
        faults.clear();
    }

    /** The faults registered and not cleared, active or not. */
    public List<Fault> faults() {
        return List.copyOf(faults);
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        for (Fault fault : faults) {
            if (fault.kind() == Fault.Kind.STALL && fault.claims(service, operation, context.request())) {
                LOG.debug("stalling {} {}", service, operation);
                return context.httpRequest().toBuilder().protocol("http").host("127.0.0.1")
                        .port(Blackhole.port()).build();
            }
        }
        return context.httpRequest();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        for (Fault fault : faults) {
            if (fault.kind() != Fault.Kind.STALL && fault.claims(service, operation, context.request())) {
                apply(fault, service, operation);
                return;
            }
        }
    }

    private void apply(Fault fault, String service, String operation) {
        LOG.debug("injecting {} into {} {}", fault.kind(), service, operation);
        switch (fault.kind()) {
            case DELAY -> LockSupport.parkNanos(fault.delay().toNanos());
            case THROTTLE -> throw throttling(service, operation);
            case SERVER_ERROR -> throw serverError(service, operation);
            case DROP -> throw SdkClientException.builder()
                    .message("Unable to execute HTTP request: Connection refused (fault injected into " + service + " "
                            + operation + ")")
                    .cause(new ConnectException("Connection refused (injected)"))
                    .build();
            case FAIL -> throw fault.error().get();
            default -> throw new IllegalStateException("unknown fault " + fault.kind());
        }
    }

    private static AwsServiceException throttling(String service, String operation) {
        String message = "Rate exceeded (fault injected into " + service + " " + operation + ")";
        if (Service.KINESIS.matches(service)) {
            if (KINESIS_DATA_PLANE.contains(operation)) {
                return details(software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException
                        .builder(), "ProvisionedThroughputExceededException", service, message, 400);
            }
            return details(LimitExceededException.builder(), "LimitExceededException", service, message, 400);
        }
        if (Service.DYNAMODB.matches(service)) {
            return details(software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException
                    .builder(), "ProvisionedThroughputExceededException", service, message, 400);
        }
        return details(AwsServiceException.builder(), "ThrottlingException", service, message, 400);
    }

    private static AwsServiceException serverError(String service, String operation) {
        String message = "Internal error (fault injected into " + service + " " + operation + ")";
        if (Service.KINESIS.matches(service)) {
            return details(InternalFailureException.builder(), "InternalFailure", service, message, 500);
        }
        if (Service.DYNAMODB.matches(service)) {
            return details(InternalServerErrorException.builder(), "InternalServerError", service, message, 500);
        }
        return details(AwsServiceException.builder(), "InternalFailure", service, message, 500);
    }

    /** Kinesis's answer to a GetRecords with an iterator older than five minutes. */
    static ExpiredIteratorException expiredIterator() {
        return (ExpiredIteratorException) details(ExpiredIteratorException.builder(), "ExpiredIteratorException",
                "Kinesis", "Iterator expired (fault injected)", 400);
    }

    private static AwsServiceException details(AwsServiceException.Builder builder, String code, String service,
            String message, int status) {
        return builder.message(message).statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName(service)
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build())
                .build();
    }

    /** The rest of a fault: how often, and what it does. */
    public final class Builder {
        private final Service service;
        private final Set<String> operations;
        private int times = -1;
        private Predicate<SdkRequest> requests = request -> true;

        private Builder(Service service, Set<String> operations) {
            this.service = service;
            this.operations = operations;
        }

        /** Hits only the next {@code n} matching calls (default: every one until removed). */
        public Builder times(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("times must be >= 1, was " + n);
            }
            this.times = n;
            return this;
        }

        /**
         * Hits only requests that {@code filter} accepts, e.g. one table's:
         * {@code where(r -> r.getValueForField("TableName", String.class).orElse("").equals(table))}.
         */
        public Builder where(Predicate<SdkRequest> filter) {
            this.requests = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** Hits only requests to the DynamoDB table {@code table}. */
        public Builder onTable(String table) {
            Objects.requireNonNull(table, "table");
            return where(request -> request.getValueForField("TableName", String.class)
                    .map(table::equals).orElse(false));
        }

        /** The service's throttling error (HTTP 400). */
        public Fault throttle() {
            return add(Fault.Kind.THROTTLE, null, null);
        }

        /** The service's internal error (HTTP 500). */
        public Fault serverError() {
            return add(Fault.Kind.SERVER_ERROR, null, null);
        }

        /** A refused connection: the call never reaches the service. */
        public Fault drop() {
            return add(Fault.Kind.DROP, null, null);
        }

        /** Holds each call for {@code delay}, then lets it through. */
        public Fault delay(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            return add(Fault.Kind.DELAY, delay, null);
        }

        /**
         * The service stops answering (see {@link Fault.Kind#STALL}): each call waits for the client's own timeouts.
         * The requests go to a local socket (127.0.0.1, an ephemeral port) that accepts and never replies.
         */
        public Fault stall() {
            return add(Fault.Kind.STALL, null, null);
        }

        /** Fails with what {@code error} supplies. */
        public Fault fail(Supplier<? extends RuntimeException> error) {
            return add(Fault.Kind.FAIL, null, Objects.requireNonNull(error, "error"));
        }

        /** Kinesis's {@code ExpiredIteratorException} (meant for {@code GetRecords}). */
        public Fault expiredIterator() {
            return fail(FaultInjector::expiredIterator);
        }

        private Fault add(Fault.Kind kind, Duration delay, Supplier<? extends RuntimeException> error) {
            Fault fault = new Fault(service, operations, kind, delay, error, times, requests);
            faults.add(fault);
            LOG.info("Fault injection on: {}", fault);
            return fault;
        }
    }
}
