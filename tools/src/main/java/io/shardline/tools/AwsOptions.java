package io.shardline.tools;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseTableConfig;
import java.net.URI;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import picocli.CommandLine.Option;

/**
 * What every command needs: the application (its lease table, by default named after it), the stream (name or ARN),
 * and where AWS is ({@link AwsConnection}: region and endpoints). The clients are built once and closed by
 * {@link #close()}.
 */
public final class AwsOptions extends AwsConnection {

    @Option(names = {"-a", "--application"}, required = true, paramLabel = "NAME",
            description = "The Shardline application (its lease table is named after it unless --lease-table).")
    String application;

    @Option(names = {"-s", "--stream"}, paramLabel = "NAME|ARN", description = "The Kinesis stream, by name or ARN.")
    String stream;

    @Option(names = "--lease-table", paramLabel = "TABLE",
            description = "The lease table, when not named after the application.")
    String leaseTable;

    private KinesisAsyncClient kinesis;
    private DynamoDbAsyncClient dynamoDb;

    /** Options in code (tests, the demo). */
    public static AwsOptions of(String application, String stream, String region, URI kinesisEndpoint,
            URI dynamoDbEndpoint) {
        AwsOptions o = new AwsOptions();
        o.application = application;
        o.stream = stream;
        o.set(region, kinesisEndpoint, dynamoDbEndpoint);
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
            kinesis = newKinesisClient(false);
        }
        return kinesis;
    }

    public synchronized DynamoDbAsyncClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = newDynamoDbClient();
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
}
