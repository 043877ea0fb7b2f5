package io.shardline.lease.internal.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.lease.LeaseStoreException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

class DynamoDbCallsTest {

    private final DynamoDbCalls calls = new DynamoDbCalls(null, "leases");

    @AfterEach
    void clearInterruptFlag() {
        Thread.interrupted();
    }

    @Test
    void throttlingAndServerErrorsAreRetryable() {
        assertRetryable(ProvisionedThroughputExceededException.builder().message("slow down").statusCode(400).build());
        assertRetryable(RequestLimitExceededException.builder().message("account limit").statusCode(400).build());
        assertRetryable(InternalServerErrorException.builder().message("oops").statusCode(500).build());
        assertRetryable(service(400, "ThrottlingException"));
        assertRetryable(service(503, "ServiceUnavailable"));
    }

    @Test
    void clientSideIoFailuresAndTimeoutsAreRetryable() {
        assertRetryable(SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new ConnectException("Connection refused")).build());
        assertRetryable(SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new IOException("Connection reset")).build());
        assertRetryable(ApiCallAttemptTimeoutException.builder().message("attempt timed out").build());
        assertRetryable(SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(ApiCallAttemptTimeoutException.builder().message("attempt timed out").build()).build());
    }

    @Test
    void everythingElseIsFatal() {
        assertFatal(ResourceNotFoundException.builder().message("no table").statusCode(400).build());
        assertFatal(service(400, "ValidationException"));
        assertFatal(service(400, "AccessDeniedException"));
        assertFatal(SdkClientException.builder().message("Unable to load credentials").build());
        assertFatal(new IllegalStateException("Connection pool shut down"));
    }

    @Test
    void failuresAreUnwrappedAndTranslatedOnceWithTableAndLeaseKey() {
        Exception cause = ProvisionedThroughputExceededException.builder().message("slow down").statusCode(400)
                .build();

        assertThatThrownBy(() -> calls.await(CompletableFuture.failedFuture(new CompletionException(cause)),
                "transfer", "shardId-0"))
                .isInstanceOfSatisfying(LeaseStoreException.class, e -> {
                    assertThat(e.getCause()).isSameAs(cause);
                    assertThat(e.table()).isEqualTo("leases");
                    assertThat(e.leaseKey()).isEqualTo("shardId-0");
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getMessage()).contains("transfer failed", "slow down", "table=leases");
                });
    }

    @Test
    void alreadyTranslatedFailureIsNotWrappedAgain() {
        LeaseStoreException original = new LeaseStoreException("boom", "leases", null, false, null);

        assertThat(DynamoDbCalls.translate(new CompletionException(original), "leases", "get", null))
                .isSameAs(original);
    }

    @Test
    void expectedConditionFailureIsAnAnswerNotAnError() {
        CompletableFuture<String> failed = CompletableFuture.failedFuture(
                ConditionalCheckFailedException.builder().message("condition").statusCode(400).build());

        assertThat(calls.awaitOrNullOn(failed, ConditionalCheckFailedException.class, "transfer", "k")).isNull();
        assertThatThrownBy(() -> calls.await(failed, "transfer", "k")).isInstanceOf(LeaseStoreException.class);
    }

    @Test
    void interruptedWaitRestoresTheFlagAndCancelsTheCall() {
        CompletableFuture<String> never = new CompletableFuture<>();
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> calls.await(never, "get", "shardId-0"))
                .isInstanceOfSatisfying(LeaseStoreException.class, e -> assertThat(e.isRetryable()).isFalse());

        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(never).isCancelled();
    }

    private static DynamoDbException service(int status, String code) {
        return (DynamoDbException) DynamoDbException.builder().message(code).statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    private void assertRetryable(Throwable t) {
        assertThat(calls.translate(t, "op", null).isRetryable()).as("%s is retryable", t).isTrue();
    }

    private void assertFatal(Throwable t) {
        assertThat(calls.translate(t, "op", null).isRetryable()).as("%s is fatal", t).isFalse();
    }
}
