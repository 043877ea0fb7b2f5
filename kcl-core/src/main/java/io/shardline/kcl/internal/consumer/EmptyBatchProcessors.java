package io.shardline.kcl.internal.consumer;

import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.ShutdownRequestedInput;

/**
 * {@code ConsumerConfig.callProcessRecordsEvenForEmptyRecordList}: wraps the user's factory so every processor it makes
 * {@linkplain ShardRecordProcessor#processEmptyBatches() asks} for empty batches, forwarding every callback.
 */
public final class EmptyBatchProcessors {

    private EmptyBatchProcessors() {
    }

    /** {@code factory}, or a factory whose processors get empty batches too when {@code always}. */
    public static ShardRecordProcessorFactory of(ShardRecordProcessorFactory factory, boolean always) {
        return always ? shardId -> new Forwarding(factory.create(shardId)) : factory;
    }

    private record Forwarding(ShardRecordProcessor delegate) implements ShardRecordProcessor {

        @Override
        public void initialize(InitializationInput input) {
            delegate.initialize(input);
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            delegate.processRecords(input);
        }

        @Override
        public boolean processEmptyBatches() {
            return true;
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
            delegate.leaseLost(input);
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            delegate.shardEnded(input);
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            delegate.shutdownRequested(input);
        }
    }
}
