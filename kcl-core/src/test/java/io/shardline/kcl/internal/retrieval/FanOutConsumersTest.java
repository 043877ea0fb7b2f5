package io.shardline.kcl.internal.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.internal.aws.StreamRef;
import io.shardline.kcl.internal.testkit.FakeKinesisProxy;
import io.shardline.kcl.internal.testkit.FakeKinesisProxy.Operation;
import io.shardline.kcl.internal.testkit.ManualFetchScheduler;
import io.shardline.kcl.retrieval.FatalRetrievalException;
import io.shardline.kcl.retrieval.RetrievalException;
import io.shardline.lease.internal.shared.AwsErrors;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FanOutConsumersTest {

    private final FakeKinesisProxy kinesis = new FakeKinesisProxy();
    private final ManualFetchScheduler scheduler = new ManualFetchScheduler();
    private final StreamRef stream = StreamRef.of(FakeKinesisProxy.STREAM);

    @Test
    void sharesOneRegistrationBetweenAllShardsOfAStream() {
        FanOutConsumers consumers = consumers(Duration.ofMinutes(1));

        CompletableFuture<String> first = consumers.consumerArn(stream);
        CompletableFuture<String> second = consumers.consumerArn(stream);
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(first).isCompleted();
        assertThat(first.getNow(null)).isEqualTo(second.getNow(null)).contains("/consumer/app:");
        assertThat(kinesis.calls(Operation.REGISTER_STREAM_CONSUMER)).isEqualTo(1);
        assertThat(kinesis.calls(Operation.DESCRIBE_STREAM_SUMMARY)).isEqualTo(1);
    }

    @Test
    void usesTheConsumerAPeerRegisteredFirst() {
        kinesis.consumerActivationDescribes(0);
        kinesis.registerStreamConsumer(FakeKinesisProxy.STREAM_ARN, "app");

        CompletableFuture<String> arn = consumers(Duration.ofMinutes(1)).consumerArn(stream);
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(arn).isCompleted();
        assertThat(arn.getNow(null)).contains("/consumer/app:");
        assertThat(kinesis.calls(Operation.REGISTER_STREAM_CONSUMER)).isEqualTo(1);
    }

    @Test
    void failsWhenTheConsumerIsNotActiveInTimeAndTriesAgainOnTheNextCall() {
        kinesis.consumerActivationDescribes(1_000);
        FanOutConsumers consumers = consumers(Duration.ofSeconds(5));

        CompletableFuture<String> arn = consumers.consumerArn(stream);
        scheduler.advance(Duration.ofSeconds(6));

        assertThat(arn).isCompletedExceptionally();
        RetrievalException error = (RetrievalException) AwsErrors.unwrap(arn.handle((v, e) -> e).join());
        assertThat(error).isInstanceOf(FatalRetrievalException.class);
        assertThat(error.errorCode()).isEqualTo("ConsumerNotActive");
        assertThat(consumers.consumerArn(stream)).isNotSameAs(arn);
    }

    @Test
    void aConfiguredArnIsUsedAsItIs() {
        FanOutConsumers consumers = new FanOutConsumers(kinesis, scheduler, "app", "arn:aws:kinesis:x:1:c",
                Duration.ofMinutes(1));

        assertThat(consumers.consumerArn(stream).getNow(null)).isEqualTo("arn:aws:kinesis:x:1:c");
        assertThat(kinesis.calls(Operation.DESCRIBE_STREAM_CONSUMER)).isZero();
    }

    private FanOutConsumers consumers(Duration timeout) {
        return new FanOutConsumers(kinesis, scheduler, "app", null, timeout);
    }
}
