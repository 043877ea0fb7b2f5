package io.shardline.benchmarks.harness;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The SDK clients a worker process builds for itself against the local emulators: static credentials test/test,
 * us-east-1, endpoint override, Netty. Both systems get the same clients, so neither wins on transport.
 */
public final class EmulatorClients {

    public static final Region REGION = Region.US_EAST_1;
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SUBSCRIPTION_READ_TIMEOUT = Duration.ofSeconds(60);

    private EmulatorClients() {
    }

    /** Kinesis over HTTP/1.1: polling (GetRecords) only; fan-out would need HTTP/2 (h2c) on the emulator. */
    public static KinesisAsyncClient kinesisPolling(URI endpoint) {
        return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClient(NettyNioAsyncHttpClient.builder()
                        .protocol(Protocol.HTTP1_1)
                        .maxConcurrency(100)
                        .connectionTimeout(TIMEOUT)
                        .readTimeout(TIMEOUT)
                        .build())
                .build();
    }

    /**
     * Kinesis over HTTP/2 with prior knowledge on the emulator's plain {@code http://} port (h2c,
     * {@link ProtocolNegotiation#ASSUME_PROTOCOL}): what {@code SubscribeToShard} needs; kinesis-mock serves it only
     * that way. Its other calls (ListShards, RegisterStreamConsumer, GetShardIterator) go over the same client.
     * The read timeout is longer than the emulator's gap between two events of an idle subscription.
     */
    public static KinesisAsyncClient kinesisFanOut(URI endpoint) {
        return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClient(NettyNioAsyncHttpClient.builder()
                        .protocol(Protocol.HTTP2)
                        .protocolNegotiation(ProtocolNegotiation.ASSUME_PROTOCOL)
                        .maxConcurrency(100)
                        .connectionTimeout(TIMEOUT)
                        .readTimeout(SUBSCRIPTION_READ_TIMEOUT)
                        .writeTimeout(SUBSCRIPTION_READ_TIMEOUT)
                        .build())
                .build();
    }

    /** Kinesis for the given retrieval: {@link #kinesisFanOut} or {@link #kinesisPolling}. */
    public static KinesisAsyncClient kinesis(URI endpoint, boolean fanOut) {
        return fanOut ? kinesisFanOut(endpoint) : kinesisPolling(endpoint);
    }

    public static DynamoDbAsyncClient dynamoDb(URI endpoint) {
        return dynamoDb(endpoint, List.of());
    }

    /** {@link #dynamoDb(URI)} with {@code interceptors} on every request (the cost scenarios count requests). */
    public static DynamoDbAsyncClient dynamoDb(URI endpoint, List<ExecutionInterceptor> interceptors) {
        return DynamoDbAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .overrideConfiguration(o -> interceptors.forEach(o::addExecutionInterceptor))
                .httpClient(NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(100)
                        .connectionTimeout(TIMEOUT)
                        .readTimeout(TIMEOUT)
                        .build())
                .build();
    }
}
