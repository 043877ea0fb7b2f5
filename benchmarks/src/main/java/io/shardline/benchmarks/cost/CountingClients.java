package io.shardline.benchmarks.cost;

import io.shardline.benchmarks.harness.EmulatorClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * The DynamoDB client of a cost worker: the same as {@link EmulatorClients#dynamoDb} (region, credentials, Netty
 * settings) plus a {@link DynamoDbRequestCounter} whose counts go to the worker's {@link CountsFile}.
 */
final class CountingClients {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private CountingClients() {
    }

    static DynamoDbAsyncClient dynamoDb(URI endpoint, Path countsDir, String workerId) {
        DynamoDbRequestCounter counter = new DynamoDbRequestCounter();
        CountsFile.publish(counter, CountsFile.of(countsDir, workerId));
        return DynamoDbAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(EmulatorClients.REGION)
                .credentialsProvider(EmulatorClients.CREDENTIALS)
                .overrideConfiguration(o -> o.addExecutionInterceptor(counter))
                .httpClient(NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(100)
                        .connectionTimeout(TIMEOUT)
                        .readTimeout(TIMEOUT)
                        .build())
                .build();
    }
}
