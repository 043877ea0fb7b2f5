package io.shardline.testing.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.checkpoint.Checkpointers;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessorHarnessTest {

    @Test
    void aHandlerCheckpointsItsLastRecordBeforeAHandoff() {
        List<String> seen = new ArrayList<>();
        ProcessorHarness shard = ProcessorHarness.start(RecordHandlers.processorFactory(
                () -> record -> seen.add(new String(record.dataAsBytes(), StandardCharsets.UTF_8)),
                CheckpointStrategy.manual()));

        shard.deliver("k1", "a", "k2", "b").deliver("k1", "c");
        assertThat(shard.checkpoint()).isEmpty();
        shard.requestShutdown();

        assertThat(seen).containsExactly("a", "b", "c");
        assertThat(shard.checkpoint()).contains(shard.delivered().get(2).extendedSequenceNumber());
    }

    @Test
    void aCountingProcessorRestoresItsStateOnTheNextOwner() {
        ProcessorHarness first = ProcessorHarness.start(shardId -> new Counting());
        first.deliver("k", "1", "k", "2", "k", "3");
        assertThat(new String(first.state(), StandardCharsets.UTF_8)).isEqualTo("3");

        ProcessorHarness next = ProcessorHarness.resume(shardId -> new Counting(), first.checkpoint().orElseThrow(),
                first.state());
        next.deliver("k", "4");

        assertThat(new String(next.state(), StandardCharsets.UTF_8)).isEqualTo("4");
        assertThat(next.delivered().get(0).extendedSequenceNumber())
                .isGreaterThan(first.checkpoint().orElseThrow());
    }

    @Test
    void aZombiesCheckpointIsFenced() {
        ProcessorHarness shard = ProcessorHarness.start(shardId -> new Counting());
        shard.deliver("k", "1");
        ExtendedSequenceNumber before = shard.checkpoint().orElseThrow();

        shard.takeLeaseOver().deliver("k", "2");

        assertThat(shard.checkpoint()).contains(before);
        assertThat(shard.meters().get(Checkpointers.FENCED).counter().count()).isEqualTo(1);
    }

    @Test
    void shardEndIsCheckpointedEvenWhenTheProcessorForgets() {
        ProcessorHarness shard = ProcessorHarness.start(shardId -> new Counting());

        shard.deliver("k", "1").endShard();

        assertThat(shard.checkpoint()).contains(ExtendedSequenceNumber.shardEnd());
    }

    @Test
    void aCheckpointInLeaseLostFailsLoudly() {
        ProcessorHarness shard = ProcessorHarness.start(shardId -> new Counting() {
            @Override
            public void leaseLost(LeaseLostInput input) {
                checkpointer.checkpoint();
            }
        });
        shard.deliver("k", "1");

        assertThatThrownBy(shard::loseLease).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    /** Counts records and checkpoints the count as state after each batch; forgets SHARD_END on purpose. */
    private static class Counting implements ShardRecordProcessor {
        io.shardline.kcl.RecordCheckpointer checkpointer;
        private int count;

        @Override
        public void initialize(InitializationInput input) {
            count = input.state() == null ? 0 : Integer.parseInt(new String(input.state(), StandardCharsets.UTF_8));
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            checkpointer = input.checkpointer();
            count += input.records().size();
            KinesisClientRecord last = input.records().get(input.records().size() - 1);
            CheckpointResult ignored = input.checkpointer().checkpoint(last,
                    Integer.toString(count).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            input.checkpointer().checkpoint();
        }
    }
}
