package io.shardline.tools;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseTableConfig;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import picocli.CommandLine.Option;

/**
 * What every command needs: the application (its lease table, by default named after it), the stream (name or ARN),
 * and where AWS is: real AWS by default (the SDK's credential chain and region), or endpoints (emulators,
 * LocalStack). With an endpoint and no {@code AWS_ACCESS_KEY_ID}, static dummy credentials, as emulators expect.
 */
public final class AwsOptions {

    @Option(names = {"-a", "--application"}, required = true, paramLabel = "NAME",
            description = "The Shardline application (its lease table is named after it unless --lease-table).")
    String application;

    @Option(names = {"-s", "--stream"}, paramLabel = "NAME|ARN", description = "The Kinesis stream, by name or ARN.")
    String stream;

    @Option(names = "--lease-table", paramLabel = "TABLE",
            description = "The lease table, when not named after the application.")
    String leaseTable;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region. Default: the SDK's region chain; us-east-1 with endpoints.")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "One endpoint for both Kinesis and DynamoDB (LocalStack: http://127.0.0.1:4566).")
    URI endpoint;

    @Option(names = "--kinesis-endpoint", paramLabel = "URL", description = "Kinesis endpoint (overrides --endpoint).")
    URI kinesisEndpoint;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL",
            description = "DynamoDB endpoint (overrides --endpoint).")
    URI dynamoDbEndpoint;

    private KinesisAsyncClient kinesis;
    private DynamoDbAsyncClient dynamoDb;

    /** Options in code (tests, the demo). */
    public static AwsOptions of(String application, String stream, String region, URI kinesisEndpoint,
            URI dynamoDbEndpoint) {
        AwsOptions o = new AwsOptions();
        o.application = application;
        o.stream = stream;
        o.region = region;
        o.kinesisEndpoint = kinesisEndpoint;
        o.dynamoDbEndpoint = dynamoDbEndpoint;
        return o;
    }

    public String application() {
        return application;
    }

    /** The stream, or a clear error when the command needs it and it was not given. */
    public String requireStream() {
        if (stream == null || stream.isBlank()) {
            throw new IllegalArgumentException("--stream is required (a stream name or ARN)");
        }
        return stream;
    }

    public String stream() {
        return stream;
    }

    public String leaseTableName() {
        return leaseTable != null ? leaseTable : application;
    }

    public synchronized KinesisAsyncClient kinesis() {
        if (kinesis == null) {
            kinesis = configure(KinesisAsyncClient.builder(), kinesisEndpoint != null ? kinesisEndpoint : endpoint)
                    .httpClient(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1).build()).build();
        }
        return kinesis;
    }

    public synchronized DynamoDbAsyncClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = configure(DynamoDbAsyncClient.builder(),
                    dynamoDbEndpoint != null ? dynamoDbEndpoint : endpoint)
                    .httpClient(NettyNioAsyncHttpClient.builder().build()).build();
        }
        return dynamoDb;
    }

    public LeaseTableConfig leaseTableConfig() {
        try {
            return LeaseTableConfig.of(leaseTableName());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--application/--lease-table '" + leaseTableName()
                    + "' is not a valid table name: " + e.getMessage(), e);
        }
    }

    public LeaseStore leaseStore() {
        return LeaseStore.dynamoDb(dynamoDb(), leaseTableConfig());
    }

    public CoordinationStore coordinationStore() {
        return CoordinationStore.dynamoDb(dynamoDb(), leaseTableConfig());
    }

    public synchronized void close() {
        if (kinesis != null) {
            kinesis.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        kinesis = null;
        dynamoDb = null;
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
