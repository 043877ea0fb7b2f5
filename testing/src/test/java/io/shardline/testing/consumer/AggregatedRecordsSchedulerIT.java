package io.shardline.testing.consumer;

import static io.shardline.testing.consumer.ConsumerIt.SHARDS;
import static io.shardline.testing.consumer.ConsumerIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import io.shardline.kcl.kpl.KplAggregator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * KPL aggregates through the whole consumer: de-aggregated into user records with sub-sequence numbers, and a
 * checkpoint in the middle of an aggregate resumes at the next user record of that aggregate on the next owner.
 */
@WithLocalAws
class AggregatedRecordsSchedulerIT {

    private static final int AGGREGATES = 40;
    private static final int PER_AGGREGATE = 10;
    private static final long CHECKPOINT_SUB_SEQUENCE = 4;

    private final LocalAws aws;
    private final Ledger ledger = new Ledger();
    private final List<Scheduler> schedulers = new ArrayList<>();

    AggregatedRecordsSchedulerIT(LocalAws aws) {
        this.aws = aws;
    }

    @AfterEach
    void closeSchedulers() {
        schedulers.forEach(Scheduler::close);
    }

    @Test
    void deaggregatesAndResumesInsideAnAggregateAfterACheckpointThere(TestNames names) {
        String stream = names.stream();
        String app = names.application();
        aws.streams().create(stream, SHARDS);
        putAggregates(stream);
        // a checkpoints each batch at the last user record with sub-sequence number 4: inside an aggregate.
        Scheduler a = start(app, stream, "a", ledger.processors("a", AggregatedRecordsSchedulerIT::insideLastAggregate));
        waiting("every user record through a").until(() -> ledger.distinctProcessed() == AGGREGATES * PER_AGGREGATE);
        assertThat(ledger.entries).allMatch(Ledger.Entry::aggregated);
        ledger.positionsByKey().forEach((key, positions) -> assertThat(positions).as(key).isSorted()
                .doesNotHaveDuplicates());
        Set<String> shards = ledger.shardsOf("a");

        a.close(); // crash: no final checkpoint, b resumes where a's last checkpoint points
        start(app, stream, "b", ledger.processors("b"));

        waiting("b resumed every shard").until(() -> shards.stream()
                .allMatch(shard -> ledger.lastStart("b", shard).isPresent()));
        for (String shard : shards) {
            ExtendedSequenceNumber checkpoint = ledger.lastCheckpoint("a", shard).orElseThrow();
            assertThat(checkpoint.subSequenceNumber()).isEqualTo(CHECKPOINT_SUB_SEQUENCE);
            assertThat(ledger.lastStart("b", shard).orElseThrow().input().startingPosition()).isEqualTo(checkpoint);
            List<ExtendedSequenceNumber> afterCheckpoint = positions("a", shard).stream()
                    .filter(p -> p.isAfter(checkpoint)).toList();
            waiting("b re-processed what a had not checkpointed on " + shard)
                    .until(() -> positions("b", shard).size() >= afterCheckpoint.size());
            assertThat(positions("b", shard)).as("b's records of %s", shard)
                    .containsExactlyElementsOf(afterCheckpoint)
                    .first().isEqualTo(ExtendedSequenceNumber.of(checkpoint.sequenceNumber(),
                            CHECKPOINT_SUB_SEQUENCE + 1));
        }
    }

    private void putAggregates(String stream) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < AGGREGATES; i++) {
            KplAggregator aggregate = new KplAggregator();
            String key = "key-" + (i % 16);
            for (int j = 0; j < PER_AGGREGATE; j++) {
                aggregate.add(key, key + "#" + i + "." + j);
            }
            entries.add(aggregate.toPutRecordsEntry());
        }
        var response = aws.kinesis().putRecords(b -> b.streamName(stream).records(entries));
        assertThat(response.failedRecordCount()).isZero();
    }

    private static ExtendedSequenceNumber insideLastAggregate(List<KinesisClientRecord> batch) {
        ExtendedSequenceNumber last = null;
        for (KinesisClientRecord record : batch) {
            if (record.subSequenceNumber() == CHECKPOINT_SUB_SEQUENCE) {
                last = record.extendedSequenceNumber();
            }
        }
        return last;
    }

    private List<ExtendedSequenceNumber> positions(String worker, String shard) {
        return ledger.entries.stream().filter(e -> e.worker().equals(worker) && e.shardId().equals(shard))
                .map(Ledger.Entry::position).collect(Collectors.toList());
    }

    private Scheduler start(String app, String stream, String worker, ShardRecordProcessorFactory processors) {
        Scheduler scheduler = Scheduler.create(ConsumerIt.config(aws, app, stream, worker, processors,
                new SimpleMeterRegistry()).build());
        schedulers.add(scheduler);
        scheduler.start();
        return scheduler;
    }
}
