package io.shardline.samples.common;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import picocli.CommandLine.Option;

/**
 * Where Kinesis and DynamoDB are: real AWS by default (the SDK's default credential chain and region), or endpoints
 * given by flags (local emulators, LocalStack). With an endpoint and no {@code AWS_ACCESS_KEY_ID} in the
 * environment, static dummy credentials are used, which is what emulators expect.
 */
public final class AwsOptions {

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region. Default: the SDK's region chain (AWS_REGION, profile); us-east-1 with endpoints.")
    String region;

    @Option(names = "--kinesis-endpoint", paramLabel = "URL",
            description = "Kinesis endpoint, e.g. http://127.0.0.1:4567 for an emulator. Default: AWS.")
    URI kinesisEndpoint;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL",
            description = "DynamoDB endpoint, e.g. http://127.0.0.1:4568 for an emulator. Default: AWS.")
    URI dynamoDbEndpoint;

    /** Options for {@code region} and endpoints ({@code null} for AWS's). */
    public static AwsOptions of(String region, URI kinesisEndpoint, URI dynamoDbEndpoint) {
        AwsOptions options = new AwsOptions();
        options.region = region;
        options.kinesisEndpoint = kinesisEndpoint;
        options.dynamoDbEndpoint = dynamoDbEndpoint;
        return options;
    }

    public URI kinesisEndpoint() {
        return kinesisEndpoint;
    }

    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    public String region() {
        return region;
    }

    /**
     * A Kinesis client. {@code http2} for enhanced fan-out (SubscribeToShard); on an {@code http://} endpoint it
     * speaks HTTP/2 with prior knowledge (h2c), as kinesis-mock expects. Polling uses HTTP/1.1.
     */
    public KinesisAsyncClient kinesis(boolean http2) {
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .protocol(http2 ? Protocol.HTTP2 : Protocol.HTTP1_1);
        if (http2 && kinesisEndpoint != null) {
            http.protocolNegotiation(ProtocolNegotiation.ASSUME_PROTOCOL);
        }
        return configure(KinesisAsyncClient.builder(), kinesisEndpoint).httpClient(http.build()).build();
    }

    public DynamoDbAsyncClient dynamoDb() {
        return configure(DynamoDbAsyncClient.builder(), dynamoDbEndpoint)
                .httpClient(NettyNioAsyncHttpClient.builder().build())
                .build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        if (endpoint != null) {
            builder.endpointOverride(endpoint).credentialsProvider(credentials());
        }
        Region chosen = region != null ? Region.of(region)
                : (kinesisEndpoint != null || dynamoDbEndpoint != null) ? Region.US_EAST_1 : null;
        if (chosen != null) {
            builder.region(chosen);
        }
        return builder;
    }

    private static AwsCredentialsProvider credentials() {
        if (System.getenv("AWS_ACCESS_KEY_ID") == null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
