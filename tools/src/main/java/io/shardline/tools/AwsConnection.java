package io.shardline.tools;

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
 * Where Kinesis and DynamoDB are, as command-line options (a picocli mixin): real AWS by default (the SDK's
 * credential chain and region), or endpoints (emulators, LocalStack). With an endpoint and no
 * {@code AWS_ACCESS_KEY_ID} in the environment, static dummy credentials, as emulators expect; with an endpoint and
 * no {@code --region}, us-east-1. The one copy of this for the {@code shardline} tool ({@link AwsOptions} adds the
 * application and its tables) and the samples' applications.
 */
public class AwsConnection {

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region. Default: the SDK's region chain (AWS_REGION, profile); us-east-1 with endpoints.")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "One endpoint for both Kinesis and DynamoDB (LocalStack: http://127.0.0.1:4566).")
    URI endpoint;

    @Option(names = "--kinesis-endpoint", paramLabel = "URL",
            description = "Kinesis endpoint (overrides --endpoint), e.g. http://127.0.0.1:4567 for an emulator.")
    URI kinesisEndpoint;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL",
            description = "DynamoDB endpoint (overrides --endpoint), e.g. http://127.0.0.1:4568 for an emulator.")
    URI dynamoDbEndpoint;

    /** Options for {@code region} and endpoints ({@code null} for AWS's). */
    public static AwsConnection of(String region, URI kinesisEndpoint, URI dynamoDbEndpoint) {
        AwsConnection connection = new AwsConnection();
        connection.set(region, kinesisEndpoint, dynamoDbEndpoint);
        return connection;
    }

    final void set(String region, URI kinesisEndpoint, URI dynamoDbEndpoint) {
        this.region = region;
        this.kinesisEndpoint = kinesisEndpoint;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
    }

    /** The region given, or null for the SDK's region chain (us-east-1 is used with endpoints). */
    public String region() {
        return region;
    }

    /** The Kinesis endpoint ({@code --kinesis-endpoint}, else {@code --endpoint}), or null for AWS's. */
    public URI kinesisEndpoint() {
        return kinesisEndpoint != null ? kinesisEndpoint : endpoint;
    }

    /** The DynamoDB endpoint ({@code --dynamodb-endpoint}, else {@code --endpoint}), or null for AWS's. */
    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint != null ? dynamoDbEndpoint : endpoint;
    }

    /**
     * A new Kinesis client; the caller closes it. {@code http2} for enhanced fan-out (SubscribeToShard); on an
     * {@code http://} endpoint it speaks HTTP/2 with prior knowledge (h2c), as kinesis-mock expects. Polling uses
     * HTTP/1.1.
     */
    public KinesisAsyncClient newKinesisClient(boolean http2) {
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .protocol(http2 ? Protocol.HTTP2 : Protocol.HTTP1_1);
        if (http2 && kinesisEndpoint() != null) {
            http.protocolNegotiation(ProtocolNegotiation.ASSUME_PROTOCOL);
        }
        return configure(KinesisAsyncClient.builder(), kinesisEndpoint()).httpClient(http.build()).build();
    }

    /** A new DynamoDB client; the caller closes it. */
    public DynamoDbAsyncClient newDynamoDbClient() {
        return configure(DynamoDbAsyncClient.builder(), dynamoDbEndpoint())
                .httpClient(NettyNioAsyncHttpClient.builder().build())
                .build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, URI url) {
        if (url != null) {
            builder.endpointOverride(url).credentialsProvider(credentials());
        }
        boolean local = endpoint != null || kinesisEndpoint != null || dynamoDbEndpoint != null;
        Region chosen = region != null ? Region.of(region) : local ? Region.US_EAST_1 : null;
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
