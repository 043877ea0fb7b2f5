package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.StartupException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;

/**
 * The production {@link StartupCheck}: {@code DescribeStreamSummary} of the stream and {@code DescribeTable} of the
 * lease table (a missing table is fine: the scheduler creates it), both at once, each bounded by the timeout. A failure
 * becomes one {@link StartupException} whose message names the service, the endpoint and the root cause found in the
 * SDK exception's causes and suppressed exceptions (the SDK puts the connection error of each retry there).
 */
public final class AwsStartupCheck implements StartupCheck {

    private final KinesisAsyncClient kinesis;
    private final DynamoDbAsyncClient dynamoDb;
    private final String stream;
    private final String leaseTable;

    public AwsStartupCheck(KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamoDb, String stream,
            String leaseTable) {
        this.kinesis = Objects.requireNonNull(kinesis, "kinesis");
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.stream = Objects.requireNonNull(stream, "stream");
        this.leaseTable = Objects.requireNonNull(leaseTable, "leaseTable");
    }

    @Override
    public void verify(Duration timeout) {
        // A refused or unroutable endpoint override fails here at once: the SDK would retry it (DynamoDB's client up
        // to 9 attempts with backoff) until the timeout and report the timeout, not the cause.
        connectOrFail("Kinesis", kinesis.serviceClientConfiguration(), timeout,
                "DescribeStreamSummary of stream " + stream);
        connectOrFail("DynamoDB", dynamoDb.serviceClientConfiguration(), timeout,
                "DescribeTable of lease table " + leaseTable);
        AwsRequestOverrideConfiguration bounded = AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(timeout).build();
        DescribeStreamSummaryRequest.Builder describe = DescribeStreamSummaryRequest.builder()
                .overrideConfiguration(bounded);
        if (stream.startsWith("arn:")) {
            describe.streamARN(stream);
        } else {
            describe.streamName(stream);
        }
        CompletableFuture<?> kinesisCall = kinesis.describeStreamSummary(describe.build());
        CompletableFuture<?> dynamoCall = dynamoDb.describeTable(DescribeTableRequest.builder()
                .tableName(leaseTable).overrideConfiguration(bounded).build());
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        Throwable kinesisError = await(kinesisCall, deadline);
        Throwable dynamoError = await(dynamoCall, deadline);
        if (kinesisError != null) {
            throw failure("Kinesis", endpoint(kinesis.serviceClientConfiguration()), kinesisError, timeout,
                    "DescribeStreamSummary of stream " + stream);
        }
        if (dynamoError != null && !isCode(dynamoError, "ResourceNotFoundException")) {
            throw failure("DynamoDB", endpoint(dynamoDb.serviceClientConfiguration()), dynamoError, timeout,
                    "DescribeTable of lease table " + leaseTable);
        }
    }

    /** Opens (and closes) a TCP connection to the client's endpoint override, if it has one. */
    private void connectOrFail(String service, AwsServiceClientConfiguration configuration, Duration timeout,
            String call) {
        Optional<URI> override = configuration.endpointOverride();
        if (override.isEmpty() || override.get().getHost() == null) {
            return;
        }
        URI uri = override.get();
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) Math.min(Integer.MAX_VALUE,
                    Math.max(1, timeout.toMillis())));
        } catch (IOException e) {
            throw new StartupException(service, uri.toString(), service + " at " + uri + ": cannot connect: "
                    + summary(e) + " (" + call + "); nothing was created", e);
        }
    }

    /** The call's error, or null when it succeeded; a call still running at the deadline is cancelled. */
    private static Throwable await(CompletableFuture<?> call, long deadlineNanos) {
        try {
            call.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException | CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (TimeoutException e) {
            call.cancel(true);
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return e;
        }
    }

    private StartupException failure(String service, String endpoint, Throwable error, Duration timeout,
            String call) {
        String what;
        if (isCode(error, "ResourceNotFoundException") && service.equals("Kinesis")) {
            what = "stream " + stream + " does not exist (" + rootCause(error) + "); nothing was created";
        } else if (isConnectionFailure(error)) {
            what = "cannot connect: " + rootCause(error) + " (" + call + "); nothing was created";
        } else if (isTimeout(error)) {
            what = "no answer within " + timeout.toMillis() + " ms (ConsumerConfig.startupTimeout) to " + call
                    + describeCause(error) + "; nothing was created";
        } else {
            what = call + " failed: " + rootCause(error) + "; nothing was created";
        }
        return new StartupException(service, endpoint, service + " at " + endpoint + ": " + what, error);
    }

    private static String describeCause(Throwable error) {
        Throwable connection = find(error, ConnectException.class);
        return connection == null ? "" : " (last error: " + summary(connection) + ")";
    }

    static String endpoint(AwsServiceClientConfiguration configuration) {
        return configuration.endpointOverride().map(URI::toString)
                .orElseGet(() -> "the default endpoint of region " + configuration.region());
    }

    private static boolean isCode(Throwable error, String code) {
        for (Throwable t : chain(error)) {
            if (t instanceof AwsServiceException service && service.awsErrorDetails() != null
                    && code.equals(service.awsErrorDetails().errorCode())) {
                return true;
            }
            if (t.getClass().getSimpleName().equals(code)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionFailure(Throwable error) {
        return find(error, ConnectException.class) != null || find(error, UnknownHostException.class) != null;
    }

    private static boolean isTimeout(Throwable error) {
        for (Throwable t : chain(error)) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /** The most telling cause: a connection error if there is one, else the deepest cause. */
    static String rootCause(Throwable error) {
        Throwable connection = find(error, ConnectException.class);
        if (connection == null) {
            connection = find(error, UnknownHostException.class);
        }
        if (connection != null) {
            return summary(connection);
        }
        Throwable deepest = error;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return summary(deepest);
    }

    private static String summary(Throwable t) {
        String message = t.getMessage();
        if (t instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            message = service.awsErrorDetails().errorMessage();
            return service.awsErrorDetails().errorCode() + ": " + message;
        }
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static Throwable find(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t : chain(error)) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    /** Every throwable reachable through causes and suppressed exceptions, breadth first. */
    private static Iterable<Throwable> chain(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> ordered = new ArrayList<>();
        Deque<Throwable> queue = new ArrayDeque<>();
        queue.add(error);
        while (!queue.isEmpty()) {
            Throwable t = queue.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            ordered.add(t);
            if (t.getCause() != null) {
                queue.add(t.getCause());
            }
            Collections.addAll(queue, t.getSuppressed());
        }
        return ordered;
    }
}
