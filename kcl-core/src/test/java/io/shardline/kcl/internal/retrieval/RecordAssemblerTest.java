package io.shardline.kcl.internal.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.aws.IteratorPosition;
import io.shardline.kcl.internal.kpl.Deaggregator;
import io.shardline.kcl.kpl.KplAggregator;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.shardline.kcl.retrieval.OutsideRangeUserRecords;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.StreamShard;
import io.shardline.lease.HashKeyRange;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RecordAssemblerTest {

    private static final String AGGREGATE_SEQUENCE = "200";
    private static final Duration WARN_INTERVAL = Duration.ofMinutes(1);
    private static final BigInteger HIGH_HALF = BigInteger.ONE.shiftLeft(127);
    /** A shard owning the lower half of the hash-key space. */
    private static final StreamShard RANGED_SHARD = new StreamShard("stream", "shardId-000000000000",
            new HashKeyRange(BigInteger.ZERO, HIGH_HALF.subtract(BigInteger.ONE)));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private long nanos = 1_000;

    @Test
    void atASequenceNumberKeepsTheUserRecordItNames() {
        RecordAssembler assembler = assembler(StartingPosition.atSequenceNumber(
                ExtendedSequenceNumber.of(AGGREGATE_SEQUENCE, 2)));

        assertThat(texts(assemble(assembler, shardContents()))).containsExactly("u2", "u3", "next");
    }

    @Test
    void afterASequenceNumberSkipsTheUserRecordItNames() {
        RecordAssembler assembler = assembler(StartingPosition.afterSequenceNumber(
                ExtendedSequenceNumber.of(AGGREGATE_SEQUENCE, 2)));

        assertThat(texts(assemble(assembler, shardContents()))).containsExactly("u3", "next");
    }

    @Test
    void afterAPlainRecordSkipsThatRecord() {
        RecordAssembler assembler = assembler(StartingPosition.afterSequenceNumber(ExtendedSequenceNumber.of("100")));

        assertThat(texts(assemble(assembler, shardContents()))).containsExactly("u0", "u1", "u2", "u3", "next");
    }

    @Test
    void theFilterEndsAtTheFirstRecordPastTheStart() {
        RecordAssembler assembler = assembler(StartingPosition.afterSequenceNumber(
                ExtendedSequenceNumber.of(AGGREGATE_SEQUENCE, 3)));
        assemble(assembler, shardContents());

        // A later answer that (as after an iterator restart) holds the same sequence number again is not filtered.
        assertThat(texts(assemble(assembler, List.of(plain("200", "again"))))).containsExactly("again");
    }

    @Test
    void aStartAtASequenceNumberFetchesAtThatSequenceNumber() {
        assertThat(RecordAssembler.iteratorPositionOf(StartingPosition.afterSequenceNumber(
                ExtendedSequenceNumber.of("42", 0)))).isEqualTo(IteratorPosition.atSequenceNumber("42"));
        assertThat(RecordAssembler.iteratorPositionOf(StartingPosition.atTimestamp(Instant.EPOCH)))
                .isEqualTo(IteratorPosition.atTimestamp(Instant.EPOCH));
    }

    @Test
    void resumesAfterTheLastKinesisRecordSeen() {
        RecordAssembler assembler = assembler(StartingPosition.trimHorizon());
        assertThat(assembler.resumePosition()).isEqualTo(IteratorPosition.trimHorizon());

        assemble(assembler, shardContents());

        assertThat(assembler.resumePosition()).isEqualTo(IteratorPosition.afterSequenceNumber("300"));
    }

    @Test
    void deliveredOutOfRangeRecordsAreWarnedOncePerShardPerInterval() {
        RecordAssembler assembler = assembler(StartingPosition.trimHorizon(), OutsideRangeUserRecords.DELIVER,
                (shard, records) -> { });
        try (Warnings warnings = new Warnings()) {
            assemble(assembler, List.of(mixed("400"), mixed("401")));
            assertThat(warnings.lines()).as("one WARN for the first interval").hasSize(1)
                    .allMatch(line -> line.contains("1 user records of aggregates (last: 400)"));

            nanos += WARN_INTERVAL.toNanos() - 1;
            assemble(assembler, List.of(mixed("402")));
            assertThat(warnings.lines()).as("still inside the interval").hasSize(1);

            nanos += 1;
            assemble(assembler, List.of(mixed("403")));
            assertThat(warnings.lines()).as("a new interval: a new WARN with the count since the last")
                    .hasSize(2).last().asString().contains("3 user records of aggregates (last: 403)");
        }
        assertThat(registry.counter("shardline.kpl.outside-range", "stream", "stream").count()).isEqualTo(4);
    }

    @Test
    void droppedOutOfRangeRecordsAreCountedWarnedAndHandedOn() {
        List<String> handed = new ArrayList<>();
        RecordAssembler assembler = assembler(StartingPosition.trimHorizon(), OutsideRangeUserRecords.DROP,
                (shard, records) -> records.forEach(r -> handed.add(r.sequenceNumber() + "/"
                        + r.subSequenceNumber() + " " + new String(r.dataAsBytes(), StandardCharsets.UTF_8))));
        try (Warnings warnings = new Warnings()) {
            List<KinesisClientRecord> delivered = assemble(assembler, List.of(mixed("400"), mixed("401")));

            assertThat(texts(delivered)).containsExactly("in-0", "in-2", "in-0", "in-2");
            assertThat(handed).containsExactly("400/1 out-1", "401/1 out-1");
            assertThat(warnings.lines()).as("a WARN per aggregate that lost records").hasSize(2)
                    .allMatch(line -> line.contains("dropped 1 user records"));
        }
        assertThat(registry.counter("shardline.kpl.dropped", "stream", "stream").count()).isEqualTo(2);
    }

    @Test
    void droppedRecordsBeforeTheStartAreNotHandedOnAgain() {
        List<Long> handed = new ArrayList<>();
        RecordAssembler assembler = assembler(StartingPosition.afterSequenceNumber(
                ExtendedSequenceNumber.of("400", 1)), OutsideRangeUserRecords.DROP,
                (shard, records) -> records.forEach(r -> handed.add(r.subSequenceNumber())));

        List<KinesisClientRecord> delivered = assemble(assembler, List.of(mixed("400"), mixed("401")));

        assertThat(texts(delivered)).containsExactly("in-2", "in-0", "in-2");
        assertThat(handed).as("400/1 was handed on by the run that checkpointed it").containsExactly(1L);
    }

    @Test
    void plainOnlyRecordsWithoutAStartFilterAreTheAnswerThemselves() {
        RecordAssembler assembler = assembler(StartingPosition.trimHorizon());
        List<KinesisClientRecord> kinesisRecords = List.of(plain("100", "a"), plain("101", "bb"));

        List<KinesisClientRecord> delivered = assembler.assemble(kinesisRecords, true);

        assertThat(delivered).isSameAs(kinesisRecords);
        assertThat(assembler.resumePosition()).isEqualTo(IteratorPosition.afterSequenceNumber("101"));
        assertThat(registry.get("shardline.fetch.records").counter().count()).isEqualTo(2);
        assertThat(registry.get("shardline.fetch.bytes").counter().count()).isEqualTo(3);
    }

    @Test
    void plainOnlyRecordsAreStillFilteredByTheStartingPosition() {
        RecordAssembler assembler = assembler(StartingPosition.afterSequenceNumber(ExtendedSequenceNumber.of("100")));

        List<KinesisClientRecord> delivered = assembler.assemble(List.of(plain("100", "a"), plain("101", "bb")), true);

        assertThat(texts(delivered)).containsExactly("bb");
    }

    private static List<KinesisClientRecord> assemble(RecordAssembler assembler, List<KinesisClientRecord> records) {
        return assembler.assemble(records, Deaggregator.noneAggregated(records));
    }

    private RecordAssembler assembler(StartingPosition start) {
        return assembler(start, OutsideRangeUserRecords.DELIVER, DroppedRecords.NONE);
    }

    private RecordAssembler assembler(StartingPosition start, OutsideRangeUserRecords mode, DroppedRecords dropped) {
        RetrievalConfig config = RetrievalConfig.polling().outsideRangeUserRecords(mode)
                .outsideRangeWarnInterval(WARN_INTERVAL).build();
        return new RecordAssembler(RANGED_SHARD, start, new FetchMeters(registry, "stream"), config, () -> nanos,
                dropped);
    }

    /** An aggregate as kinesis-aggregation builds it: records 0 and 2 in the lower half, record 1 in the upper. */
    private static KinesisClientRecord mixed(String sequence) {
        byte[] aggregate = new KplAggregator().add("k0", "0", "in-0").add("k1", HIGH_HALF.toString(), "out-1")
                .add("k2", "7", "in-2").toBytes();
        return KinesisClientRecord.plain("k0", sequence, Instant.EPOCH, ByteBuffer.wrap(aggregate));
    }

    /** The RecordAssembler WARN lines while open. */
    private static final class Warnings implements AutoCloseable {
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final Logger logger = (Logger) LoggerFactory.getLogger(RecordAssembler.class);

        Warnings() {
            appender.start();
            logger.addAppender(appender);
        }

        List<String> lines() {
            return appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }

    private static List<KinesisClientRecord> shardContents() {
        byte[] aggregate = new KplAggregator().add("a", "u0").add("b", "u1").add("c", "u2").add("d", "u3")
                .toBytes();
        return List.of(plain("100", "plain"),
                KinesisClientRecord.plain("a", AGGREGATE_SEQUENCE, Instant.EPOCH, ByteBuffer.wrap(aggregate)),
                plain("300", "next"));
    }

    private static KinesisClientRecord plain(String sequence, String text) {
        return KinesisClientRecord.plain("k", sequence, Instant.EPOCH,
                ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(List<KinesisClientRecord> records) {
        return records.stream().map(r -> new String(r.dataAsBytes(), StandardCharsets.UTF_8)).toList();
    }
}
