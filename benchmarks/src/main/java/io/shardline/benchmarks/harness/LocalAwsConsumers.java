package io.shardline.benchmarks.harness;

import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.StartingPosition;
import io.shardline.testing.LocalAws;

/**
 * How an in-process Shardline scheduler of a scenario connects to the run's {@link LocalAws}: its SDK clients
 * ({@link LocalAws#kinesisAsync()}, {@link LocalAws#dynamoDbAsync()}), from the start of the stream.
 */
public final class LocalAwsConsumers {

    private LocalAwsConsumers() {
    }

    /**
     * A consumer config of {@code application} on {@code stream} of {@code aws}, from trim horizon; the caller adds
     * the processors and what its scenario tunes.
     */
    public static ConsumerConfig.Builder config(LocalAws aws, String application, String stream) {
        return ConsumerConfig.builder()
                .applicationName(application)
                .streamName(stream)
                .kinesisClient(aws.kinesisAsync())
                .dynamoDbClient(aws.dynamoDbAsync())
                .initialPosition(StartingPosition.trimHorizon());
    }
}
