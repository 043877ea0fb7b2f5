package io.shardline.kcl.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.checkpoint.CheckpointException;
import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.Checkpointer;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.PreparedCheckpoint;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The processor's checkpointer turns a storage failure into a {@link CheckpointResult.Failed}, never a throw. */
class RecordCheckpointerAdapterTest {

    private static final ExtendedSequenceNumber AT = ExtendedSequenceNumber.of("1000");

    private final RecordCheckpointerAdapter adapter = new RecordCheckpointerAdapter(new DownTable());

    @Test
    void aStorageFailureIsAFailedResult() {
        CheckpointResult result = adapter.checkpoint(AT);

        assertThat(result).isInstanceOfSatisfying(CheckpointResult.Failed.class, failed -> {
            assertThat(failed.leaseKey()).isEqualTo("shardId-0");
            assertThat(failed.error()).hasMessageContaining("table down");
        });
        assertThat(result.isFailed()).isTrue();
        assertThat(adapter.checkpoint()).isInstanceOf(CheckpointResult.Failed.class);
        assertThat(adapter.checkpoint(AT, new byte[] {1})).isInstanceOf(CheckpointResult.Failed.class);
    }

    @Test
    void aFailedPrepareReportsFailedForThePrepareAndTheCommit() {
        PreparedCheckpoint prepared = adapter.prepareCheckpoint(AT);

        assertThat(prepared.position()).isEqualTo(AT);
        assertThat(prepared.prepareResult()).isInstanceOf(CheckpointResult.Failed.class);
        assertThat(prepared.commit()).isInstanceOf(CheckpointResult.Failed.class);
    }

    /** A checkpointer whose lease table is down: every write throws. */
    private static final class DownTable implements Checkpointer {
        private static CheckpointException down() {
            return new CheckpointException("shardId-0", "checkpoint write failed: table down", true, null);
        }

        @Override
        public String leaseKey() {
            return "shardId-0";
        }

        @Override
        public CheckpointResult checkpoint() {
            throw down();
        }

        @Override
        public CheckpointResult checkpoint(ExtendedSequenceNumber position) {
            throw down();
        }

        @Override
        public CheckpointResult checkpoint(String sequenceNumber, long subSequenceNumber) {
            throw down();
        }

        @Override
        public CheckpointResult checkpoint(ExtendedSequenceNumber position, byte[] state) {
            throw down();
        }

        @Override
        public PreparedCheckpoint prepareCheckpoint(ExtendedSequenceNumber position) {
            throw down();
        }

        @Override
        public PreparedCheckpoint prepareCheckpoint(ExtendedSequenceNumber position, byte[] state) {
            throw down();
        }

        @Override
        public Optional<ExtendedSequenceNumber> lastCheckpoint() {
            return Optional.empty();
        }
    }
}
