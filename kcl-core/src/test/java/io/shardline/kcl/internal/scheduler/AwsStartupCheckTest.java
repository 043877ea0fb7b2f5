package io.shardline.kcl.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The root cause of a start-up failure is the connection error, wherever the SDK put it. */
class AwsStartupCheckTest {

    @Test
    void findsTheConnectionErrorAmongSuppressedExceptions() {
        SdkClientException sdk = SdkClientException.create("Unable to execute HTTP request: request rate is high");
        sdk.addSuppressed(SdkClientException.create("retry 1", new ConnectException("Connection refused")));

        assertThat(AwsStartupCheck.rootCause(sdk)).isEqualTo("ConnectException: Connection refused");
    }

    @Test
    void otherwiseNamesTheDeepestCause() {
        SdkClientException sdk = SdkClientException.create("outer", new IllegalStateException("inner"));

        assertThat(AwsStartupCheck.rootCause(sdk)).isEqualTo("IllegalStateException: inner");
    }
}
