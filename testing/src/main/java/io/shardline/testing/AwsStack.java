package io.shardline.testing;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Where Kinesis and DynamoDB are: one implementation per {@link LocalAws.Backend}. */
interface AwsStack extends AutoCloseable {

    Region region();

    /** The Kinesis endpoint, or {@code null} for the SDK's default (real AWS). */
    URI kinesisEndpoint();

    /** The DynamoDB endpoint, or {@code null} for the SDK's default (real AWS). */
    URI dynamoDbEndpoint();

    AwsCredentialsProvider credentials();

    /** Whether clients should get the generous-but-finite timeouts and retries of a local stack. */
    boolean local();

    /** The last lines of the services' logs, or an empty string where there are none. */
    String logTail(int lines);

    /** Process ids of the services this stack started on this machine, by service name. */
    Map<String, Long> pids();

    /** Stops everything this stack started. Never throws. */
    @Override
    void close();
}
