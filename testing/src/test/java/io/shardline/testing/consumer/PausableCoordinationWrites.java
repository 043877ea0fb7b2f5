package io.shardline.testing.consumer;

import io.shardline.testing.LocalAws;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Holds back a worker's writes to its coordination table (heartbeats, leader renewals) while paused, without failing
 * them: the worker's coordinator thread hangs in its heartbeat as in a long stop-the-world pause of that thread, so it
 * can neither heartbeat nor fence itself, while its processors go on and checkpoint to the lease table. That is the
 * zombie the fenced checkpoint exists for. Plugged into the worker's own DynamoDB client as an SDK interceptor (the
 * client has no call timeout, so the held call simply waits).
 */
final class PausableCoordinationWrites implements ExecutionInterceptor {

    private volatile CountDownLatch gate;
    private final AtomicInteger heldCalls = new AtomicInteger();

    /** A DynamoDB client of {@code aws} with this interceptor; the caller closes it. */
    DynamoDbAsyncClient client(LocalAws aws) {
        return DynamoDbAsyncClient.builder()
                .endpointOverride(aws.dynamoDbEndpoint())
                .region(aws.region())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(this))
                .build();
    }

    void pause() {
        gate = new CountDownLatch(1);
    }

    void resume() {
        CountDownLatch current = gate;
        gate = null;
        if (current != null) {
            current.countDown();
        }
    }

    /** Coordination writes held so far. */
    int heldCalls() {
        return heldCalls.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        CountDownLatch current = gate;
        if (current != null && context.request() instanceof UpdateItemRequest update
                && update.tableName().endsWith("-coordination")) {
            heldCalls.incrementAndGet();
            try {
                current.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
