package io.shardline.lease.internal.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.internal.shared.AwsErrors.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

class AwsErrorsTest {

    @Test
    void throttlingIsRecognisedByCodeByClassNameAndByHttpStatus() {
        assertThat(AwsErrors.classify(service(400, "ProvisionedThroughputExceededException"))).isEqualTo(Kind.THROTTLED);
        assertThat(AwsErrors.classify(service(400, "ThrottlingException"))).isEqualTo(Kind.THROTTLED);
        assertThat(AwsErrors.classify(service(400, "KMSThrottlingException"))).isEqualTo(Kind.THROTTLED);
        assertThat(AwsErrors.classify(service(400, "RequestLimitExceeded"))).isEqualTo(Kind.THROTTLED);
        // no error details: the class name is the code
        assertThat(AwsErrors.classify(ProvisionedThroughputExceededException.builder().message("slow down")
                .statusCode(400).build())).isEqualTo(Kind.THROTTLED);
        assertThat(AwsErrors.classify(RequestLimitExceededException.builder().message("account").statusCode(400)
                .build())).isEqualTo(Kind.THROTTLED);
        // HTTP 429 is the SDK's own throttling signal
        assertThat(AwsErrors.classify(service(429, "SomethingNew"))).isEqualTo(Kind.THROTTLED);
        assertThat(AwsErrors.isRetryable(service(400, "ThrottlingException"))).isTrue();
    }

    @Test
    void transientServiceConditionsAreRetryable() {
        assertThat(AwsErrors.classify(LimitExceededException.builder().message("x").statusCode(400).build()))
                .isEqualTo(Kind.LIMIT_EXCEEDED);
        assertThat(AwsErrors.classify(ResourceInUseException.builder().message("x").statusCode(400).build()))
                .isEqualTo(Kind.RESOURCE_IN_USE);
        assertThat(AwsErrors.classify(TransactionConflictException.builder().message("x").statusCode(400).build()))
                .isEqualTo(Kind.CONFLICT);
        assertThat(AwsErrors.classify(InternalServerErrorException.builder().message("x").statusCode(500).build()))
                .isEqualTo(Kind.SERVER_ERROR);
        assertThat(AwsErrors.classify(service(503, "ServiceUnavailable"))).isEqualTo(Kind.SERVER_ERROR);
        assertThat(AwsErrors.classify(service(500, "InternalFailure"))).isEqualTo(Kind.SERVER_ERROR);
        assertThat(Kind.LIMIT_EXCEEDED.retryable()).isTrue();
        assertThat(Kind.RESOURCE_IN_USE.retryable()).isTrue();
        assertThat(Kind.CONFLICT.retryable()).isTrue();
        assertThat(Kind.SERVER_ERROR.retryable()).isTrue();
    }

    @Test
    void timeoutsAreRetryableWhereverTheSdkPutsThem() {
        assertThat(AwsErrors.classify(ApiCallTimeoutException.builder().message("call").build()))
                .isEqualTo(Kind.TIMEOUT);
        assertThat(AwsErrors.classify(ApiCallAttemptTimeoutException.builder().message("attempt").build()))
                .isEqualTo(Kind.TIMEOUT);
        assertThat(AwsErrors.classify(new TimeoutException("no answer"))).isEqualTo(Kind.TIMEOUT);
        assertThat(AwsErrors.classify(SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(ApiCallAttemptTimeoutException.builder().message("attempt").build()).build()))
                .isEqualTo(Kind.TIMEOUT);
        assertThat(Kind.TIMEOUT.retryable()).isTrue();
    }

    @Test
    void clientSideIoIsRetryableButAnUnexplainedClientErrorOnlyInAShardLoop() {
        assertThat(AwsErrors.classify(SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new ConnectException("Connection refused")).build())).isEqualTo(Kind.IO);
        assertThat(AwsErrors.classify(new IOException("broken pipe"))).isEqualTo(Kind.IO);
        assertThat(AwsErrors.classify(new UncheckedIOException(new IOException("reset")))).isEqualTo(Kind.IO);
        assertThat(Kind.IO.retryable()).isTrue();

        Kind credentials = AwsErrors.classify(SdkClientException.create("Unable to load credentials"));
        assertThat(credentials).isEqualTo(Kind.CLIENT);
        assertThat(credentials.retryable()).isFalse();
        assertThat(credentials.retryableInShardLoop()).isTrue();
    }

    @Test
    void conditionalCheckFailureIsItsOwnKindAndNotRetryable() {
        Kind kind = AwsErrors.classify(ConditionalCheckFailedException.builder().message("fenced").statusCode(400)
                .build());

        assertThat(kind).isEqualTo(Kind.CONDITION_FAILED);
        assertThat(kind.retryable()).isFalse();
        assertThat(kind.retryableInShardLoop()).isFalse();
    }

    @Test
    void otherServiceErrorsAndLocalBugsAreFatal() {
        assertThat(AwsErrors.classify(ResourceNotFoundException.builder().message("no table").statusCode(400)
                .build())).isEqualTo(Kind.FATAL);
        assertThat(AwsErrors.classify(service(400, "ValidationException"))).isEqualTo(Kind.FATAL);
        assertThat(AwsErrors.classify(service(400, "AccessDeniedException"))).isEqualTo(Kind.FATAL);
        assertThat(AwsErrors.classify(new IllegalStateException("Connection pool shut down"))).isEqualTo(Kind.FATAL);
        assertThat(Kind.FATAL.retryableInShardLoop()).isFalse();
    }

    @Test
    void unwrapStripsNestedCompletionAndExecutionExceptions() {
        AwsServiceException throttled = service(400, "ThrottlingException");
        Throwable wrapped = new CompletionException(new ExecutionException(new CompletionException(throttled)));

        assertThat(AwsErrors.unwrap(wrapped)).isSameAs(throttled);
        assertThat(AwsErrors.classify(wrapped)).isEqualTo(Kind.THROTTLED);
        assertThat(AwsErrors.errorCode(wrapped)).isEqualTo("ThrottlingException");
        assertThat(AwsErrors.errorMessage(wrapped)).isEqualTo("ThrottlingException happened");
    }

    @Test
    void unwrapKeepsAWrapperWithoutACauseAndLeavesOtherExceptionsAlone() {
        CompletionException bare = new CompletionException("no cause", null);
        IllegalStateException other = new IllegalStateException("x", new IOException("inner"));

        assertThat(AwsErrors.unwrap(bare)).isSameAs(bare);
        assertThat(AwsErrors.unwrap(other)).isSameAs(other);
    }

    @Test
    void errorCodeFallsBackToTheClassName() {
        assertThat(AwsErrors.errorCode(new IOException("x"))).isEqualTo("IOException");
        assertThat(AwsErrors.errorCode(ResourceInUseException.builder().message("x").build()))
                .isEqualTo("ResourceInUseException");
        assertThat(AwsErrors.errorMessage(new IOException("broken"))).isEqualTo("broken");
    }

    private static AwsServiceException service(int status, String code) {
        return AwsServiceException.builder().statusCode(status).message(code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " happened").build())
                .build();
    }
}
