package io.shardline.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.testing.LocalAws;
import io.shardline.testing.faults.FaultInjector.Service;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import io.shardline.testing.WithLocalAws;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;

/** The injector itself: each fault surfaces as the service's own error, by operation, at runtime, through sync and
 *  async clients. */
@WithLocalAws
class FaultInjectorIT {

    private final FaultInjector faults = new FaultInjector();
    private final LocalAws.FaultyClients clients;

    FaultInjectorIT(LocalAws aws) {
        this.clients = aws.withFaults(faults);
    }

    @Test
    void throttlesOnlyTheChosenOperationUntilRemoved() {
        Fault fault = faults.on(Service.KINESIS, "ListStreams").throttle();

        assertThatThrownBy(() -> clients.kinesis().listStreams())
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.isThrottlingException()).isFalse(); // LimitExceeded: code-based, like the service
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("LimitExceededException");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
        assertThat(clients.dynamoDb().listTables().tableNames()).isNotNull();
        fault.remove();

        assertThat(clients.kinesis().listStreams().streamNames()).isNotNull();
        assertThat(fault.hits()).isEqualTo(1);
    }

    @Test
    void kinesisDataCallsAreThrottledWithProvisionedThroughputExceeded() {
        faults.on(Service.KINESIS, "GetShardIterator").times(1).throttle();

        assertThatThrownBy(() -> clients.kinesisAsync().getShardIterator(b -> b.streamName("x").shardId("s")
                .shardIteratorType("LATEST")).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ProvisionedThroughputExceededException.class);
    }

    @Test
    void serverErrorsAre5xxOfTheService() {
        faults.on(Service.DYNAMODB).times(1).serverError();

        assertThatThrownBy(() -> clients.dynamoDbAsync().listTables().join())
                .cause().isInstanceOfSatisfying(InternalServerErrorException.class,
                        e -> assertThat(((AwsServiceException) e).statusCode()).isEqualTo(500));
        assertThat(clients.dynamoDbAsync().listTables().join().tableNames()).isNotNull();
    }

    @Test
    void droppedCallsFailAsARefusedConnection() {
        faults.on(Service.ANY).times(2).drop();

        assertThatThrownBy(() -> clients.kinesis().listStreams()).isInstanceOf(SdkClientException.class)
                .hasRootCauseInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> clients.dynamoDb().listTables()).isInstanceOf(SdkClientException.class);
        assertThat(clients.kinesis().listStreams().streamNames()).isNotNull();
    }

    @Test
    void expiredIteratorsAndDelays() {
        faults.on(Service.KINESIS, "ListStreams").times(1).expiredIterator();
        assertThatThrownBy(() -> clients.kinesis().listStreams()).isInstanceOf(ExpiredIteratorException.class);

        faults.on(Service.KINESIS, "ListStreams").times(1).delay(Duration.ofMillis(300));
        long started = System.nanoTime();
        clients.kinesis().listStreams();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
