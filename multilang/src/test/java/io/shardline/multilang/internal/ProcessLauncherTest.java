package io.shardline.multilang.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.testing.RecordingCheckpointer;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The processor with a real child process: a POSIX sh script speaking the protocol. */
class ProcessLauncherTest {

    private static final String SHARD = "shardId-000000000002";
    private static final String SEQ = "49590338271490256608559692538361571095921575989136588801";

    private static Path script() {
        try {
            return Path.of(ProcessLauncherTest.class.getResource("/children/echo-status.sh").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRealChildProcessesCheckpointsAndExitsWhenItsInputCloses() {
        ProcessLauncher launcher = new ProcessLauncher(List.of("sh", script().getFileName().toString()),
                script().getParent());
        ChildProcessRecordProcessor processor = new ChildProcessRecordProcessor(SHARD, launcher,
                Duration.ofSeconds(30), Duration.ofSeconds(10));
        RecordingCheckpointer checkpointer = RecordingCheckpointer.of("shardId-000000000001")
                .lastDelivered(ExtendedSequenceNumber.of(SEQ));

        processor.initialize(new InitializationInput(SHARD, ExtendedSequenceNumber.trimHorizon(), null, null, null));
        processor.processRecords(new ProcessRecordsInput(List.of(KinesisClientRecord.plain("k", SEQ, Instant.now(),
                ByteBuffer.wrap(new byte[] {1, 2, 3}))), checkpointer, 0, false));
        processor.leaseLost(new LeaseLostInput(SHARD));

        assertThat(checkpointer.checkpoints()).containsExactly(ExtendedSequenceNumber.of(SEQ));
    }

    @Test
    void aChildThatExitsMidBatchFailsTheCallWithItsExitCode() {
        ProcessLauncher launcher = new ProcessLauncher(List.of("env", "EXIT_ON_RECORDS=1", "sh",
                script().toString()), script().getParent());
        ChildProcessRecordProcessor processor = new ChildProcessRecordProcessor(SHARD, launcher, null,
                Duration.ofSeconds(10));
        RecordingCheckpointer checkpointer = RecordingCheckpointer.of("shardId-000000000001")
                .lastDelivered(ExtendedSequenceNumber.of(SEQ));
        processor.initialize(new InitializationInput(SHARD, ExtendedSequenceNumber.trimHorizon(), null, null, null));

        assertThatThrownBy(() -> processor.processRecords(new ProcessRecordsInput(List.of(KinesisClientRecord.plain(
                "k", SEQ, Instant.now(), ByteBuffer.wrap(new byte[] {1}))), checkpointer, 0, false)))
                .isInstanceOf(ChildFailureException.class)
                .hasMessageContaining("exited with code 7");
        assertThat(checkpointer.checkpoints()).isEmpty();
    }

    @Test
    void aCommandThatCannotStartIsAChildFailureNamingIt() {
        ChildProcessRecordProcessor processor = new ChildProcessRecordProcessor(SHARD,
                new ProcessLauncher(List.of("/nonexistent/processor"), Path.of(".")), null, Duration.ofSeconds(1));

        assertThatThrownBy(() -> processor.initialize(new InitializationInput(SHARD,
                ExtendedSequenceNumber.trimHorizon(), null, null, null)))
                .isInstanceOf(ChildFailureException.class).hasMessageContaining("cannot start /nonexistent/processor");
    }
}
