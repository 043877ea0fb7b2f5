package io.shardline.kcl.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.retrieval.FatalRetrievalException;
import io.shardline.kcl.retrieval.IteratorExpiredException;
import io.shardline.kcl.retrieval.RetrievalException;
import io.shardline.kcl.retrieval.RetryableRetrievalException;
import io.shardline.kcl.retrieval.RetryableRetrievalException.Cause;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

class KinesisErrorsTest {

    @Test
    void throttlingIsRetryableAndMarkedAsThrottling() {
        RetrievalException error = translate(service(ProvisionedThroughputExceededException.builder(),
                "ProvisionedThroughputExceededException", 400));

        assertThat(error).isInstanceOf(RetryableRetrievalException.class);
        assertThat(((RetryableRetrievalException) error).isThrottling()).isTrue();
        assertThat(error.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
        assertThat(error.shardId()).isEqualTo("shardId-1");
        assertThat(error.stream()).isEqualTo("orders");
        assertThat(error.getMessage()).isEqualTo("GetRecords on stream orders shard shardId-1 failed: "
                + "ProvisionedThroughputExceededException: it failed");
    }

    @Test
    void classifiesRetryableCauses() {
        assertThat(cause(service(KmsThrottlingException.builder(), "KMSThrottlingException", 400)))
                .isEqualTo(Cause.THROTTLED);
        assertThat(cause(service(LimitExceededException.builder(), "LimitExceededException", 400)))
                .isEqualTo(Cause.LIMIT_EXCEEDED);
        assertThat(cause(service(ResourceInUseException.builder(), "ResourceInUseException", 400)))
                .isEqualTo(Cause.RESOURCE_IN_USE);
        assertThat(cause(service(KinesisException.builder(), "InternalFailure", 500))).isEqualTo(Cause.SERVICE_ERROR);
        assertThat(cause(service(KinesisException.builder(), "ThrottlingException", 400)))
                .isEqualTo(Cause.THROTTLED);
        assertThat(cause(SdkClientException.create("connection reset"))).isEqualTo(Cause.IO);
        assertThat(cause(new IOException("broken pipe"))).isEqualTo(Cause.IO);
    }

    @Test
    void expiredIteratorHasItsOwnType() {
        assertThat(translate(service(ExpiredIteratorException.builder(), "ExpiredIteratorException", 400)))
                .isInstanceOf(IteratorExpiredException.class);
    }

    @Test
    void missingResourcesAccessAndArgumentsAreFatal() {
        assertThat(translate(service(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400)))
                .isInstanceOf(FatalRetrievalException.class);
        assertThat(translate(service(AccessDeniedException.builder(), "AccessDeniedException", 400)))
                .isInstanceOf(FatalRetrievalException.class);
        assertThat(translate(service(InvalidArgumentException.builder(), "InvalidArgumentException", 400)))
                .isInstanceOf(FatalRetrievalException.class);
        assertThat(translate(new IllegalStateException("bug"))).isInstanceOf(FatalRetrievalException.class);
    }

    @Test
    void unwrapsCompletionExceptionsAndKeepsTranslatedErrors() {
        RetrievalException inner = translate(service(LimitExceededException.builder(), "LimitExceededException",
                400));

        assertThat(KinesisErrors.translate(new CompletionException(inner), "Other", "s", null)).isSameAs(inner);
    }

    private static Cause cause(Throwable error) {
        return ((RetryableRetrievalException) translate(error)).retryCause();
    }

    private static RetrievalException translate(Throwable error) {
        return KinesisErrors.translate(new CompletionException(error), "GetRecords", "orders", "shardId-1");
    }

    private static AwsServiceException service(AwsServiceException.Builder builder, String code, int status) {
        return builder.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("it failed").build())
                .statusCode(status).build();
    }
}
