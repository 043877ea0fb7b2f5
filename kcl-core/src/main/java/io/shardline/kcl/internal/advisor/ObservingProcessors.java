package io.shardline.kcl.internal.advisor;

import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.ShutdownRequestedInput;
import java.util.List;

/** Wraps the application's processors so the collector sees every batch: a hook with no edit to the consumer. */
final class ObservingProcessors implements ShardRecordProcessorFactory {

    private final ShardRecordProcessorFactory delegate;
    private final LoadCollector collector;

    ObservingProcessors(ShardRecordProcessorFactory delegate, LoadCollector collector) {
        this.delegate = delegate;
        this.collector = collector;
    }

    @Override
    public ShardRecordProcessor create(String shardId) {
        ShardRecordProcessor processor = delegate.create(shardId);
        return new ShardRecordProcessor() {
            @Override
            public void initialize(InitializationInput input) {
                processor.initialize(input);
                collector.started(shardId);
            }

            @Override
            public void processRecords(ProcessRecordsInput input) {
                List<KinesisClientRecord> records = input.records();
                collector.received(shardId, records, input.millisBehindLatest());
                processor.processRecords(input);
                KinesisClientRecord last = records.get(records.size() - 1);
                collector.processed(shardId, records.size(), last.approximateArrivalTimestamp() == null ? -1
                        : last.approximateArrivalTimestamp().toEpochMilli());
            }

            @Override
            public void leaseLost(LeaseLostInput input) {
                collector.forget(shardId);
                processor.leaseLost(input);
            }

            @Override
            public void shardEnded(ShardEndedInput input) {
                collector.forget(shardId);
                processor.shardEnded(input);
            }

            @Override
            public void shutdownRequested(ShutdownRequestedInput input) {
                collector.forget(shardId);
                processor.shutdownRequested(input);
            }
        };
    }
}
