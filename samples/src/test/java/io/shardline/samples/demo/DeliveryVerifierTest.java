package io.shardline.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.samples.common.DeliveryJournal;
import io.shardline.samples.demo.DeliveryVerifier.Verification;
import io.shardline.samples.demo.DeliveryVerifier.WorkerJournal;
import io.shardline.samples.producer.ProducedLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryVerifierTest {

    private static final List<ProducedLog.Line> PRODUCED = List.of(line("a", 0), line("b", 0), line("a", 1),
            line("a", 2), line("b", 1));

    private static ProducedLog.Line line(String key, long seq) {
        return new ProducedLog.Line(seq, key);
    }

    /** A journal of deliveries given as key, seq, key, seq, ... at times start, start + 1, ... */
    private static WorkerJournal journal(String worker, long start, Object... keysAndSeqs) {
        List<DeliveryJournal.Line> lines = new ArrayList<>();
        for (int i = 0; i < keysAndSeqs.length; i += 2) {
            lines.add(new DeliveryJournal.Line(start + i, "shardId-000000000000", ((Number) keysAndSeqs[i + 1]).longValue(),
                    (String) keysAndSeqs[i]));
        }
        return new WorkerJournal(worker, lines);
    }

    @Test
    void everythingOnceAndInOrderPasses() {
        Verification v = DeliveryVerifier.verify(PRODUCED, List.of(
                journal("w1", 0, "a", 0, "a", 1, "a", 2), journal("w2", 1, "b", 0, "b", 1)));
        assertThat(v.verdictLine()).isEqualTo("VERIFIED produced=5 processed=5 lost=0 order_violations=0 duplicates=0");
        assertThat(v.passed()).isTrue();
        assertThat(v.deliveriesByWorker()).isEqualTo(Map.of("w1", 3L, "w2", 2L));
    }

    @Test
    void aRecordNeverProcessedIsLost() {
        Verification v = DeliveryVerifier.verify(PRODUCED, List.of(journal("w1", 0, "a", 0, "a", 1, "b", 0, "b", 1)));
        assertThat(v.lost()).isEqualTo(1);
        assertThat(v.processed()).isEqualTo(4);
        assertThat(v.passed()).isFalse();
        assertThat(DeliveryVerifier.unprocessed(PRODUCED, List.of(journal("w1", 0, "a", 0)))).isEqualTo(4);
    }

    @Test
    void replaysAfterAKillAreDuplicatesNotViolations() {
        // w1 processed a0 a1 a2 and died after checkpointing a0; w2 resumed after a0: a1 and a2 again.
        Verification v = DeliveryVerifier.verify(PRODUCED, List.of(
                journal("w1", 0, "a", 0, "a", 1, "a", 2, "b", 0, "b", 1),
                journal("w2", 100, "a", 1, "a", 2, "a", 2)));
        assertThat(v.duplicates()).as("records processed more than once, not extra deliveries").isEqualTo(2);
        assertThat(v.deliveries()).isEqualTo(8);
        assertThat(v.orderViolations()).isZero();
        assertThat(v.passed()).isTrue();
    }

    @Test
    void aFirstDeliveryAfterALaterRecordOfTheSameKeyIsAnOrderViolation() {
        // w2 first-processes a2 (at time 3) before w1 first-processes a1 (at time 4): merged by time.
        Verification v = DeliveryVerifier.verify(PRODUCED, List.of(
                journal("w1", 0, "a", 0, "b", 0, "a", 1, "b", 1),
                journal("w2", 3, "a", 2)));
        assertThat(v.orderViolations()).isEqualTo(1);
        assertThat(v.lost()).isZero();
        assertThat(v.passed()).isFalse();
    }

    @Test
    void putOrderIsTheProducersAcknowledgementOrderNotTheSequenceNumber() {
        // a1 failed in its PutRecords call and went in after a2: a2 before a1 is the stream's order.
        List<ProducedLog.Line> produced = List.of(line("a", 0), line("a", 2), line("a", 1));
        assertThat(DeliveryVerifier.verify(produced, List.of(journal("w1", 0, "a", 0, "a", 2, "a", 1)))
                .orderViolations()).isZero();
        assertThat(DeliveryVerifier.verify(produced, List.of(journal("w1", 0, "a", 0, "a", 1, "a", 2)))
                .orderViolations()).isEqualTo(1);
    }

    @Test
    void recordsTheProducerNeverAcknowledgedAreStraysNotDuplicates() {
        Verification v = DeliveryVerifier.verify(List.of(line("a", 0)), List.of(journal("w1", 0, "a", 0, "a", 7)));
        assertThat(v.strays()).isEqualTo(1);
        assertThat(v.duplicates()).isZero();
        assertThat(v.processed()).isEqualTo(1);
    }

    @Test
    void producedLogLinesParseAndTornLinesDoNot() {
        assertThat(ProducedLog.Line.parse("12 user 7")).contains(new ProducedLog.Line(12, "user 7"));
        assertThat(ProducedLog.Line.parse("12")).isEmpty();
        assertThat(ProducedLog.Line.parse("12 ")).isEmpty();
        assertThat(ProducedLog.Line.parse("x user-1")).isEmpty();
    }
}
