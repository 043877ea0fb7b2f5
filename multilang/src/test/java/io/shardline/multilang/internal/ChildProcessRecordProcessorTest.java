package io.shardline.multilang.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.kcl.testing.RecordingCheckpointer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ChildProcessRecordProcessorTest {

    private static final String SHARD = "shardId-000000000001";
    private static final String SEQ1 = "49590338271490256608559692538361571095921575989136588801";
    private static final String SEQ2 = "49590338271490256608559692538361571095921575989136588802";
    private static final Instant ARRIVAL = Instant.parse("2026-12-06T10:00:00.123Z");

    private final List<FakeChild> children = new CopyOnWriteArrayList<>();
    private final RecordingCheckpointer checkpointer = RecordingCheckpointer.of("shardId-000000000001")
            .lastDelivered(ExtendedSequenceNumber.of(SEQ2));
    private ChildProcessRecordProcessor processor;

    @BeforeEach
    void processor() {
        processor = new ChildProcessRecordProcessor(SHARD, shard -> {
            FakeChild child = new FakeChild(children.size() + 1);
            children.add(child);
            return child;
        }, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    @AfterEach
    void killChildren() {
        children.forEach(FakeChild::kill);
    }

    @Test
    void sendsEachCallAsItsMessageAndWaitsForTheChildsStatus() {
        FakeChild child = initialized(ExtendedSequenceNumber.trimHorizon());

        Future<?> call = Awaits.start(() -> processor.processRecords(batch(
                record("k1", SEQ1, 0, "hello"), record("k2", SEQ2, 0, "world"))));
        JsonNode message = child.receive();

        assertThat(message.get("action").asText()).isEqualTo("processRecords");
        assertThat(message.get("millisBehindLatest").asLong()).isEqualTo(1500);
        JsonNode first = message.get("records").get(0);
        assertThat(first.get("action").asText()).isEqualTo("record");
        assertThat(new String(Base64.getDecoder().decode(first.get("data").asText()), StandardCharsets.UTF_8))
                .isEqualTo("hello");
        assertThat(first.get("partitionKey").asText()).isEqualTo("k1");
        assertThat(first.get("sequenceNumber").asText()).isEqualTo(SEQ1);
        assertThat(first.get("subSequenceNumber").asLong()).isZero();
        assertThat(first.get("approximateArrivalTimestamp").asLong()).isEqualTo(ARRIVAL.toEpochMilli());
        assertThat(message.get("records")).hasSize(2);
        assertThat(call).as("one outstanding message: the call waits for the child").isNotDone();

        child.send("{\"action\":\"status\",\"responseFor\":\"processRecords\"}");
        awaitDone(call);
    }

    @Test
    void initializeCarriesTheShardAndThePositionProcessingStartsAfter() {
        Future<?> call = Awaits.start(() -> processor.initialize(new InitializationInput(SHARD,
                ExtendedSequenceNumber.of(SEQ1, 3), null, null, null)));
        FakeChild child = awaitChild(1);

        JsonNode message = child.receive();

        assertThat(message.get("action").asText()).isEqualTo("initialize");
        assertThat(message.get("shardId").asText()).isEqualTo(SHARD);
        assertThat(message.get("sequenceNumber").asText()).isEqualTo(SEQ1);
        assertThat(message.get("subSequenceNumber").asLong()).isEqualTo(3);
        child.send("{\"action\":\"status\",\"responseFor\":\"initialize\"}");
        awaitDone(call);
    }

    @Test
    void answersCheckpointRequestsWithAndWithoutSequenceNumbers() {
        FakeChild child = initialized(ExtendedSequenceNumber.trimHorizon());
        checkpointer.lastDelivered(ExtendedSequenceNumber.of(SEQ2, 1));
        Future<?> call = Awaits.start(() -> processor.processRecords(batch(
                record("k1", SEQ1, 0, "a"), record("k1", SEQ2, 0, "b0"), record("k1", SEQ2, 1, "b1"))));
        child.receive();

        child.send("{\"action\":\"checkpoint\",\"sequenceNumber\":\"" + SEQ1 + "\"}");
        JsonNode bySequence = child.receive();
        child.send("{\"action\":\"checkpoint\",\"sequenceNumber\":\"" + SEQ2 + "\",\"subSequenceNumber\":0}");
        JsonNode bySubSequence = child.receive();
        child.send("{\"action\":\"checkpoint\",\"sequenceNumber\":\"" + SEQ2 + "\"}");
        JsonNode wholeAggregate = child.receive();
        child.send("{\"action\":\"checkpoint\",\"sequenceNumber\":null}");
        JsonNode lastDelivered = child.receive();
        child.send("{\"action\":\"status\",\"responseFor\":\"processRecords\"}");
        awaitDone(call);

        assertThat(bySequence.get("action").asText()).isEqualTo("checkpoint");
        assertThat(bySequence.get("sequenceNumber").asText()).isEqualTo(SEQ1);
        assertThat(bySequence.get("error").isNull()).as(bySequence.toString()).isTrue();
        assertThat(bySubSequence.get("subSequenceNumber").asLong()).isZero();
        assertThat(wholeAggregate.get("error").isNull()).isTrue();
        assertThat(lastDelivered.get("error").isNull()).isTrue();
        assertThat(checkpointer.checkpoints()).containsExactly(ExtendedSequenceNumber.of(SEQ1),
                ExtendedSequenceNumber.of(SEQ2, 0), ExtendedSequenceNumber.of(SEQ2, 1), ExtendedSequenceNumber.of(SEQ2, 1));
    }

    @Test
    void aFailedCheckpointIsAnsweredWithKclsErrorNameAndTheCallGoesOn() {
        FakeChild child = initialized(ExtendedSequenceNumber.trimHorizon());
        Future<?> call = Awaits.start(() -> processor.processRecords(batch(record("k1", SEQ1, 0, "a"))));
        child.receive();

        child.send("{\"action\":\"checkpoint\",\"sequenceNumber\":\"99999999999999999999999999999999999999999999999999999999\"}");
        JsonNode beyond = child.receive();
        checkpointer.loseLease();
        child.send("{\"action\":\"checkpoint\",\"sequenceNumber\":\"" + SEQ1 + "\",\"subSequenceNumber\":0}");
        JsonNode lost = child.receive();
        child.send("{\"action\":\"checkpoint\",\"sequenceNumber\":\"not-a-number\"}");
        JsonNode malformed = child.receive();
        child.send("{\"action\":\"status\",\"responseFor\":\"processRecords\"}");
        awaitDone(call);

        assertThat(beyond.get("error").asText()).isEqualTo("IllegalArgumentException");
        assertThat(lost.get("error").asText()).isEqualTo("ShutdownException");
        assertThat(lost.get("subSequenceNumber").asLong()).isZero();
        assertThat(malformed.get("error").asText()).isEqualTo("IllegalArgumentException");
        assertThat(checkpointer.checkpoints()).isEmpty();
    }

    @Test
    void aCheckpointDuringInitializeOrLeaseLostIsAnInvalidStateError() {
        Future<?> init = Awaits.start(() -> processor.initialize(new InitializationInput(SHARD,
                ExtendedSequenceNumber.trimHorizon(), null, null, null)));
        FakeChild child = awaitChild(1);
        child.receive();
        child.send("{\"action\":\"checkpoint\",\"sequenceNumber\":null}");
        assertThat(child.receive().get("error").asText()).isEqualTo("InvalidStateException");
        child.send("{\"action\":\"status\",\"responseFor\":\"initialize\"}");
        awaitDone(init);

        Future<?> lost = Awaits.start(() -> processor.leaseLost(new LeaseLostInput(SHARD)));
        assertThat(child.receive().get("action").asText()).isEqualTo("leaseLost");
        child.send("{\"action\":\"checkpoint\",\"sequenceNumber\":null}");
        assertThat(child.receive().get("error").asText()).isEqualTo("InvalidStateException");
        child.send("{\"action\":\"status\",\"responseFor\":\"leaseLost\"}");
        assertThat(child.receive()).as("stdin closed after the last message").isNull();
        child.exit(0);
        awaitDone(lost);
        assertThat(checkpointer.checkpoints()).isEmpty();
    }

    @Test
    void shardEndedLetsTheChildCheckpointShardEndThenClosesItsInput() {
        FakeChild child = initialized(ExtendedSequenceNumber.trimHorizon());
        checkpointer.lastDelivered(ExtendedSequenceNumber.shardEnd());

        Future<?> call = Awaits.start(() -> processor.shardEnded(new ShardEndedInput(SHARD, checkpointer)));
        assertThat(child.receive().get("action").asText()).isEqualTo("shardEnded");
        child.send("{\"action\":\"checkpoint\",\"sequenceNumber\":null}");
        assertThat(child.receive().get("error").isNull()).isTrue();
        child.send("{\"action\":\"status\",\"responseFor\":\"shardEnded\"}");
        assertThat(child.receive()).isNull();
        child.exit(0);
        awaitDone(call);

        assertThat(checkpointer.checkpoints()).containsExactly(ExtendedSequenceNumber.shardEnd());
        assertThat(child.killed()).isFalse();
    }

    @Test
    void shutdownRequestedIsFollowedByLeaseLostAsInKcl() {
        FakeChild child = initialized(ExtendedSequenceNumber.trimHorizon());

        Future<?> call = Awaits.start(() -> processor.shutdownRequested(new ShutdownRequestedInput(SHARD,
                checkpointer)));
        assertThat(child.receive().get("action").asText()).isEqualTo("shutdownRequested");
        child.send("{\"action\":\"checkpoint\",\"sequenceNumber\":\"" + SEQ2 + "\"}");
        child.receive();
        child.send("{\"action\":\"status\",\"responseFor\":\"shutdownRequested\"}");
        assertThat(child.receive().get("action").asText()).isEqualTo("leaseLost");
        child.send("{\"action\":\"status\",\"responseFor\":\"leaseLost\"}");
        assertThat(child.receive()).isNull();
        child.exit(0);
        awaitDone(call);

        assertThat(checkpointer.checkpoints()).containsExactly(ExtendedSequenceNumber.of(SEQ2));
    }

    @Test
    void aChildThatExitsIsAFailureAndTheRetryStartsANewChildAtTheLastCheckpoint() {
        FakeChild first = initialized(ExtendedSequenceNumber.trimHorizon());
        ProcessRecordsInput input = batch(record("k1", SEQ1, 0, "a"), record("k1", SEQ2, 0, "b"));
        Future<?> call = Awaits.start(() -> processor.processRecords(input));
        first.receive();
        first.send("{\"action\":\"checkpoint\",\"sequenceNumber\":\"" + SEQ1 + "\",\"subSequenceNumber\":0}");
        first.receive();
        first.exit(3);

        assertThatThrownBy(() -> awaitDone(call)).rootCause().isInstanceOf(ChildFailureException.class)
                .hasMessageContaining(SHARD).hasMessageContaining("'processRecords' was outstanding")
                .hasMessageContaining("exited with code 3");

        Future<?> retry = Awaits.start(() -> processor.processRecords(input));
        FakeChild second = awaitChild(2);
        JsonNode init = second.receive();
        assertThat(init.get("action").asText()).isEqualTo("initialize");
        assertThat(init.get("sequenceNumber").asText()).as("the new child starts after the last checkpoint")
                .isEqualTo(SEQ1);
        second.send("{\"action\":\"status\",\"responseFor\":\"initialize\"}");
        assertThat(second.receive().get("records")).as("the failed batch again").hasSize(2);
        second.send("{\"action\":\"status\",\"responseFor\":\"processRecords\"}");
        awaitDone(retry);
    }

    @Test
    void aChildThatDoesNotAnswerInTimeIsKilledAndFails() {
        processor = new ChildProcessRecordProcessor(SHARD, shard -> {
            FakeChild child = new FakeChild(children.size() + 1);
            children.add(child);
            return child;
        }, Duration.ofMillis(300), Duration.ofSeconds(5));
        FakeChild child = initialized(ExtendedSequenceNumber.trimHorizon());

        Future<?> call = Awaits.start(() -> processor.processRecords(batch(record("k1", SEQ1, 0, "a"))));
        child.receive();

        assertThatThrownBy(() -> awaitDone(call)).rootCause().isInstanceOf(ChildFailureException.class)
                .hasMessageContaining("did not answer 'processRecords' within PT0.3S");
        assertThat(child.killed()).isTrue();
    }

    @Test
    void aStatusForAnotherActionIsAFailure() {
        FakeChild child = initialized(ExtendedSequenceNumber.trimHorizon());

        Future<?> call = Awaits.start(() -> processor.processRecords(batch(record("k1", SEQ1, 0, "a"))));
        child.receive();
        child.send("{\"action\":\"status\",\"responseFor\":\"initialize\"}");

        assertThatThrownBy(() -> awaitDone(call)).rootCause().isInstanceOf(ChildFailureException.class)
                .hasMessageContaining("answered status for 'initialize' while 'processRecords' was outstanding");
        assertThat(child.killed()).isTrue();
    }

    @Test
    void strayStdoutLinesAreSkippedAndStderrGoesToTheLogWithTheShard() {
        Logger childLogger = (Logger) LoggerFactory.getLogger("io.shardline.multilang.child");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        childLogger.addAppender(appender);
        try {
            FakeChild child = initialized(ExtendedSequenceNumber.trimHorizon());
            Future<?> call = Awaits.start(() -> processor.processRecords(batch(record("k1", SEQ1, 0, "a"))));
            child.receive();
            child.send("console.log noise");
            child.stderr("something went sideways");
            child.send("{\"action\":\"status\",\"responseFor\":\"processRecords\"}");
            awaitDone(call);

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                            .contains("[" + SHARD + "] something went sideways"));
        } finally {
            childLogger.detachAppender(appender);
        }
    }

    private FakeChild initialized(ExtendedSequenceNumber position) {
        int number = children.size() + 1;
        Future<?> call = Awaits.start(() -> processor.initialize(new InitializationInput(SHARD, position, null, null,
                null)));
        FakeChild child = awaitChild(number);
        assertThat(child.receive().get("action").asText()).isEqualTo("initialize");
        child.send("{\"action\":\"status\",\"responseFor\":\"initialize\"}");
        awaitDone(call);
        return child;
    }

    private FakeChild awaitChild(int number) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> children.size() >= number);
        return children.get(number - 1);
    }

    private static void awaitDone(Future<?> call) {
        try {
            call.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new RuntimeException(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private ProcessRecordsInput batch(KinesisClientRecord... records) {
        return new ProcessRecordsInput(List.of(records), checkpointer, 1500, false);
    }

    private static KinesisClientRecord record(String key, String seq, long sub, String data) {
        return new KinesisClientRecord(key, seq, sub, null, ARRIVAL,
                ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8)), sub > 0);
    }
}
