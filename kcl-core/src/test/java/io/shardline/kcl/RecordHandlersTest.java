package io.shardline.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.testing.RecordingCheckpointer;
import io.shardline.lease.Lease;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecordHandlersTest {

    private final List<String> handled = new ArrayList<>();
    private final RecordingCheckpointer checkpointer = RecordingCheckpointer.of("s");

    @Test
    void checkpointsEveryNRecordsAtTheRecordThatReachedN() {
        ShardRecordProcessor processor = processor(this::handledAdd, CheckpointStrategy.everyRecords(3));

        processor.processRecords(input(0, 7));

        assertThat(handled).hasSize(7);
        assertThat(checkpointer.positions()).containsExactly("1002", "1005");
    }

    @Test
    void checkpointsAfterEachBatchAtItsLastRecord() {
        ShardRecordProcessor processor = processor(this::handledAdd, CheckpointStrategy.afterEachBatch());

        processor.processRecords(input(0, 4));
        processor.processRecords(input(4, 6));

        assertThat(checkpointer.positions()).containsExactly("1003", "1005");
    }

    @Test
    void checkpointsOnceTheIntervalElapsed() {
        Instant[] now = {Instant.EPOCH};
        ShardRecordProcessor processor = RecordHandlers.processorFactory(() -> r -> { },
                CheckpointStrategy.every(Duration.ofSeconds(10)), (InstantSource) () -> now[0]).create("s");

        processor.processRecords(input(0, 3));
        now[0] = now[0].plusSeconds(11);
        processor.processRecords(input(3, 5));

        assertThat(checkpointer.positions()).containsExactly("1003");
    }

    @Test
    void manualCheckpointsOnlyAtShutdownRequestedAndShardEnd() {
        ShardRecordProcessor processor = processor(this::handledAdd, CheckpointStrategy.manual());

        processor.processRecords(input(0, 5));
        assertThat(checkpointer.positions()).isEmpty();
        processor.shutdownRequested(new ShutdownRequestedInput("s", checkpointer));

        assertThat(checkpointer.positions()).containsExactly("1004");
    }

    @Test
    void checkpointsShardEndWhenTheShardEnded() {
        ShardRecordProcessor processor = processor(this::handledAdd, CheckpointStrategy.manual());

        processor.shardEnded(new ShardEndedInput("s", checkpointer));

        assertThat(checkpointer.positions()).containsExactly("SHARD_END");
    }

    @Test
    void aRetriedBatchSkipsTheRecordsAlreadyHandledAndHandoffCheckpointsOnlyWhatWasHandled() {
        int[] failuresLeft = {1};
        ShardRecordProcessor processor = processor(record -> {
            if (record.sequenceNumber().equals("1003") && failuresLeft[0]-- > 0) {
                throw new IllegalStateException("boom");
            }
            handled.add(record.sequenceNumber());
        }, CheckpointStrategy.manual());

        assertThatThrownBy(() -> processor.processRecords(input(0, 5)))
                .isInstanceOfSatisfying(PartialBatchFailureException.class, failure -> assertThat(failure.failed())
                        .containsExactly(ExtendedSequenceNumber.of("1003")))
                .hasRootCauseMessage("boom");
        processor.shutdownRequested(new ShutdownRequestedInput("s", checkpointer));
        assertThat(checkpointer.positions()).containsExactly("1002");
        processor.processRecords(input(0, 5));

        assertThat(handled).containsExactly("1000", "1001", "1002", "1003", "1004");
    }

    @Test
    void stopsHandlingTheBatchOnceACheckpointFindsTheLeaseLost() {
        checkpointer.loseLease();
        ShardRecordProcessor processor = processor(r -> handled.add(r.sequenceNumber()),
                CheckpointStrategy.everyRecords(2));

        processor.processRecords(input(0, 6));

        assertThat(handled).containsExactly("1000", "1001");
    }

    @Test
    void eachShardGetsItsOwnHandler() {
        int[] created = {0};
        ShardRecordProcessorFactory factory = RecordHandlers.processorFactory(() -> {
            created[0]++;
            return record -> { };
        }, CheckpointStrategy.manual());

        factory.create("a");
        factory.create("b");

        assertThat(created[0]).isEqualTo(2);
    }

    @Test
    void aHandlerMadeFromTheShardContextKnowsItsShardStreamAndLease() {
        List<String> seen = new ArrayList<>();
        ShardRecordProcessorFactory factory = RecordHandlers.processorFactory(
                shard -> record -> seen.add(shard.stream() + "/" + shard.shardId() + "/" + shard.lease().leaseKey()
                        + "@" + record.sequenceNumber()),
                CheckpointStrategy.manual());
        Lease lease = Lease.unowned("shardId-000000000007").withOwner("w1");

        ShardRecordProcessor processor = factory.create(new ShardContext("app", "orders", "shardId-000000000007",
                "w1", lease));
        processor.processRecords(input(0, 2));

        assertThat(seen).containsExactly("orders/shardId-000000000007/shardId-000000000007@1000",
                "orders/shardId-000000000007/shardId-000000000007@1001");
        assertThatThrownBy(() -> factory.create("shardId-000000000007"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("ShardContext");
    }

    @Test
    void aCheckpointThatFailedOnStorageIsTriedAgainAtTheNextRecordAndNothingIsRedelivered() {
        checkpointer.failNext(1);
        ShardRecordProcessor processor = processor(this::handledAdd, CheckpointStrategy.everyRecords(2));

        processor.processRecords(input(0, 4)); // the checkpoint at 1001 fails; the one at 1002 is written

        assertThat(handled).containsExactly("1000", "1001", "1002", "1003");
        assertThat(checkpointer.positions()).containsExactly("1002");
    }

    @Test
    void theDefaultFactoryMethodWithAContextCallsTheOneWithTheShardId() {
        List<String> created = new ArrayList<>();
        ShardRecordProcessorFactory factory = shardId -> {
            created.add(shardId);
            return RecordHandlers.processorFactory(() -> r -> { }, CheckpointStrategy.manual()).create(shardId);
        };

        factory.create(new ShardContext("app", "orders", "shardId-1", "w1", Lease.unowned("shardId-1")));

        assertThat(created).containsExactly("shardId-1");
    }

    private ShardRecordProcessor processor(RecordHandler handler, CheckpointStrategy strategy) {
        ShardRecordProcessor processor = RecordHandlers.processorFactory(() -> handler, strategy).create("s");
        processor.initialize(new InitializationInput("s", ExtendedSequenceNumber.trimHorizon(), null, null, null));
        return processor;
    }

    private void handledAdd(KinesisClientRecord record) {
        handled.add(record.sequenceNumber());
    }

    private ProcessRecordsInput input(int from, int to) {
        List<KinesisClientRecord> records = IntStream.range(from, to)
                .mapToObj(i -> KinesisClientRecord.plain("k", String.valueOf(1000 + i), Instant.EPOCH,
                        ByteBuffer.allocate(1)))
                .toList();
        return new ProcessRecordsInput(records, checkpointer, 0, false);
    }
}
