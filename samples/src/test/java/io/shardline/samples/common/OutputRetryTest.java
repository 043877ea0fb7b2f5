package io.shardline.samples.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

class OutputRetryTest {

    @Test
    void throttlingServerErrorsAndIoAreTransientTheRestIsNot() {
        assertThat(OutputRetry.isTransient(ProvisionedThroughputExceededException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                .build())).isTrue();
        assertThat(OutputRetry.isTransient(DynamoDbException.builder().statusCode(500).build())).isTrue();
        assertThat(OutputRetry.isTransient(new CompletionException(SdkClientException.create("timeout")))).isTrue();
        assertThat(OutputRetry.isTransient(ResourceNotFoundException.builder().statusCode(400).build())).isFalse();
        assertThat(OutputRetry.isTransient(new IllegalArgumentException("bad"))).isFalse();
    }

    @Test
    void retriesATransientFailureAndFailsAtOnceOnOthers() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(OutputRetry.call(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new CompletionException(SdkClientException.create("connection reset"));
            }
            return "written";
        })).isEqualTo("written");
        assertThat(calls).hasValue(2);

        AtomicInteger fatal = new AtomicInteger();
        assertThatThrownBy(() -> OutputRetry.call(() -> {
            fatal.incrementAndGet();
            throw ResourceNotFoundException.builder().message("no table").build();
        })).isInstanceOf(ResourceNotFoundException.class);
        assertThat(fatal).hasValue(1);
    }
}
