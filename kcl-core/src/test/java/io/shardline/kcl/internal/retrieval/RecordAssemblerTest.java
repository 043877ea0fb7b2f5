package io.shardline.kcl.internal.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.aws.IteratorPosition;
import io.shardline.kcl.internal.aws.RawRecord;
import io.shardline.kcl.kpl.KplAggregator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordAssemblerTest {

    private static final String AGGREGATE_SEQUENCE = "200";
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void atASequenceNumberKeepsTheUserRecordItNames() {
        RecordAssembler assembler = assembler(StartingPosition.atSequenceNumber(
                ExtendedSequenceNumber.of(AGGREGATE_SEQUENCE, 2)));

        assertThat(texts(assembler.assemble(shardContents()))).containsExactly("u2", "u3", "next");
    }

    @Test
    void afterASequenceNumberSkipsTheUserRecordItNames() {
        RecordAssembler assembler = assembler(StartingPosition.afterSequenceNumber(
                ExtendedSequenceNumber.of(AGGREGATE_SEQUENCE, 2)));

        assertThat(texts(assembler.assemble(shardContents()))).containsExactly("u3", "next");
    }

    @Test
    void afterAPlainRecordSkipsThatRecord() {
        RecordAssembler assembler = assembler(StartingPosition.afterSequenceNumber(ExtendedSequenceNumber.of("100")));

        assertThat(texts(assembler.assemble(shardContents()))).containsExactly("u0", "u1", "u2", "u3", "next");
    }

    @Test
    void theFilterEndsAtTheFirstRecordPastTheStart() {
        RecordAssembler assembler = assembler(StartingPosition.afterSequenceNumber(
                ExtendedSequenceNumber.of(AGGREGATE_SEQUENCE, 3)));
        assembler.assemble(shardContents());

        // A later answer that (as after an iterator restart) holds the same sequence number again is not filtered.
        assertThat(texts(assembler.assemble(List.of(plain("200", "again"))))).containsExactly("again");
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

        assembler.assemble(shardContents());

        assertThat(assembler.resumePosition()).isEqualTo(IteratorPosition.afterSequenceNumber("300"));
    }

    private RecordAssembler assembler(StartingPosition start) {
        return new RecordAssembler(FetcherFixture.SHARD, start, new FetchMeters(registry, "stream"));
    }

    private static List<RawRecord> shardContents() {
        byte[] aggregate = new KplAggregator().add("a", "u0").add("b", "u1").add("c", "u2").add("d", "u3")
                .toBytes();
        return List.of(plain("100", "plain"),
                new RawRecord(AGGREGATE_SEQUENCE, "a", Instant.EPOCH, ByteBuffer.wrap(aggregate)),
                plain("300", "next"));
    }

    private static RawRecord plain(String sequence, String text) {
        return new RawRecord(sequence, "k", Instant.EPOCH, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(List<KinesisClientRecord> records) {
        return records.stream().map(r -> new String(r.dataAsBytes(), StandardCharsets.UTF_8)).toList();
    }
}
