package io.shardline.testing;

import java.net.URI;
import java.time.Duration;
import io.shardline.testing.faults.FaultInjector;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Builds the SDK clients of a {@link AwsStack}.
 *
 * <p>Local stacks get static credentials, an endpoint override, and timeouts and retries that are generous
 * (an emulator on a loaded CI machine can be slow) but finite (a dead emulator fails a test instead of hanging
 * it). Real AWS gets the SDK defaults.
 */
final class SdkClients {

    private static final int LOCAL_MAX_ATTEMPTS = 6;
    private static final Duration LOCAL_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LOCAL_READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LOCAL_CALL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration LOCAL_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** Enough HTTP/2 streams and HTTP/1.1 connections for a test that subscribes to many shards at once. */
    private static final int MAX_CONCURRENCY = 500;

    private final AwsStack stack;
    private final FaultInjector faults;

    SdkClients(AwsStack stack) {
        this(stack, null);
    }

    /**
     * Clients of {@code stack} with {@code faults} added as an execution interceptor and without the SDK's own retries
     * (so every injected fault reaches the code under test); {@code null}: the usual clients.
     */
    SdkClients(AwsStack stack, FaultInjector faults) {
        this.stack = stack;
        this.faults = faults;
    }

    /**
     * The Kinesis async client. With {@code Protocol.HTTP2} the Netty client speaks HTTP/2 with prior knowledge
     * over plain {@code http://} (h2c): ProtocolNegotiation.ASSUME_PROTOCOL, the default, made explicit here.
     * kinesis-mock serves SubscribeToShard only that way (on its plain port; not on its TLS port).
     */
    KinesisAsyncClient kinesisAsync(Protocol protocol) {
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .protocol(protocol)
                .maxConcurrency(MAX_CONCURRENCY);
        if (stack.local()) {
            http.protocolNegotiation(ProtocolNegotiation.ASSUME_PROTOCOL)
                    .connectionTimeout(LOCAL_CONNECT_TIMEOUT)
                    .readTimeout(LOCAL_READ_TIMEOUT)
                    .writeTimeout(LOCAL_READ_TIMEOUT)
                    .connectionAcquisitionTimeout(LOCAL_CALL_TIMEOUT);
        }
        // No API-call timeouts: a SubscribeToShard call legitimately lasts up to five minutes.
        return configure(KinesisAsyncClient.builder(), stack.kinesisEndpoint(), false)
                .httpClient(http.build())
                .build();
    }

    KinesisClient kinesis() {
        return configure(KinesisClient.builder(), stack.kinesisEndpoint(), true).httpClient(syncHttp()).build();
    }

    DynamoDbAsyncClient dynamoDbAsync() {
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder().maxConcurrency(MAX_CONCURRENCY);
        if (stack.local()) {
            http.connectionTimeout(LOCAL_CONNECT_TIMEOUT)
                    .readTimeout(LOCAL_READ_TIMEOUT)
                    .writeTimeout(LOCAL_READ_TIMEOUT)
                    .connectionAcquisitionTimeout(LOCAL_CALL_TIMEOUT);
        }
        return configure(DynamoDbAsyncClient.builder(), stack.dynamoDbEndpoint(), true)
                .httpClient(http.build())
                .build();
    }

    DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), stack.dynamoDbEndpoint(), true).httpClient(syncHttp()).build();
    }

    /** A client for the start-up health check: short timeouts and no retries, so the poll loop decides. */
    static KinesisClient probeKinesis(URI endpoint) {
        return probe(KinesisClient.builder(), endpoint).build();
    }

    /** See {@link #probeKinesis(URI)}. */
    static DynamoDbClient probeDynamoDb(URI endpoint) {
        return probe(DynamoDbClient.builder(), endpoint).build();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B probe(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint)
                .region(EmulatorStack.REGION)
                .credentialsProvider(EmulatorStack.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(PROBE_TIMEOUT)
                        .socketTimeout(PROBE_TIMEOUT)
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(PROBE_TIMEOUT.multipliedBy(2)));
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, URI endpoint, boolean callTimeouts) {
        if (!stack.local() && faults == null) {
            return builder;
        }
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
        if (stack.local()) {
            builder.endpointOverride(endpoint)
                    .region(stack.region())
                    .credentialsProvider(stack.credentials());
            override.retryStrategy(localRetries());
            if (callTimeouts) {
                override.apiCallTimeout(LOCAL_CALL_TIMEOUT).apiCallAttemptTimeout(LOCAL_ATTEMPT_TIMEOUT);
            }
        }
        if (faults != null) {
            override.addExecutionInterceptor(faults).retryStrategy(AwsRetryStrategy.doNotRetry());
        }
        return builder.overrideConfiguration(override.build());
    }

    private SdkHttpClient syncHttp() {
        if (!stack.local()) {
            return UrlConnectionHttpClient.create();
        }
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(LOCAL_CONNECT_TIMEOUT)
                .socketTimeout(LOCAL_READ_TIMEOUT)
                .build();
    }

    private static RetryStrategy localRetries() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(LOCAL_MAX_ATTEMPTS).build();
    }
}
