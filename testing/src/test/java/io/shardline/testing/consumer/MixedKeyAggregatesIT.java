package io.shardline.testing.consumer;

import static io.shardline.testing.consumer.ConsumerIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.FailurePolicy;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.deadletter.DeadLetterEntry;
import io.shardline.kcl.kpl.KplAggregator;
import io.shardline.kcl.retrieval.OutsideRangeUserRecords;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Aggregates that mix partition keys of every shard, as AWS Labs' kinesis-aggregation builds them (it groups user
 * records regardless of shard and the aggregate lands on the shard of its first key): by default every user record
 * is delivered exactly once, those outside the shard flagged, and a checkpoint inside such an aggregate resumes at
 * the next user record; with {@code OutsideRangeUserRecords.DROP} (KPL-only fleets) the out-of-range ones are
 * dead-lettered instead, and every user record is either processed or dead-lettered, once.
 */
@WithLocalAws
class MixedKeyAggregatesIT {

    private static final int AGGREGATES = 24;
    private static final int PER_AGGREGATE = 8;
    private static final long CHECKPOINT_SUB_SEQUENCE = 4;

    private final LocalAws aws;
    private final Ledger ledger = new Ledger();
    private final List<Scheduler> schedulers = new ArrayList<>();

    MixedKeyAggregatesIT(LocalAws aws) {
        this.aws = aws;
    }

    @AfterEach
    void closeSchedulers() {
        schedulers.forEach(Scheduler::close);
    }

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {1, 2, 4})
    void everyUserRecordIsDeliveredOnceAndACheckpointInsideAMixedAggregateResumesThere(int shardCount,
            TestNames names) {
        String stream = names.stream();
        String app = names.application();
        aws.streams().create(stream, shardCount);
        Set<String> put = putMixedAggregates(stream);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        Scheduler a = start(app, stream, "a", ledger.processors("a", MixedKeyAggregatesIT::insideLastAggregate),
                registry, b -> { });
        waiting("every user record through a").until(() -> ledger.entries.size() >= put.size());

        List<String> data = ledger.entries.stream().map(Ledger.Entry::data).toList();
        assertThat(data).as("exactly once").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(put);
        double outside = registry.find("shardline.kpl.outside-range").counter() == null ? 0
                : registry.find("shardline.kpl.outside-range").counter().count();
        if (shardCount == 1) {
            assertThat(outside).isZero();
        } else {
            // With n shards about (n-1)/n of the keys belong elsewhere; the seeded keys give well over a tenth.
            assertThat(outside).isGreaterThan(put.size() / 10.0);
        }

        Set<String> shards = ledger.shardsOf("a");
        a.close();
        start(app, stream, "b", ledger.processors("b"), new SimpleMeterRegistry(), b -> { });
        waiting("b resumed every shard").until(() -> shards.stream()
                .allMatch(shard -> ledger.lastStart("b", shard).isPresent()));
        for (String shard : shards) {
            ExtendedSequenceNumber checkpoint = ledger.lastCheckpoint("a", shard).orElseThrow();
            assertThat(checkpoint.subSequenceNumber()).isEqualTo(CHECKPOINT_SUB_SEQUENCE);
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

    @Test
    void dropModeDeadLettersTheOutOfRangeRecordsAndProcessesTheRest(TestNames names) {
        String stream = names.stream();
        aws.streams().create(stream, 4);
        Set<String> put = putMixedAggregates(stream);
        List<DeadLetterEntry> deadLetters = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        start(names.application(), stream, "a", ledger.processors("a"), registry, b -> b
                .retrievalConfig(ConsumerIt.POLLING.toBuilder()
                        .outsideRangeUserRecords(OutsideRangeUserRecords.DROP).build())
                .failurePolicy(FailurePolicy.builder().deadLetterSink(deadLetters::add).build()));
        waiting("every user record processed or dead-lettered")
                .until(() -> ledger.entries.size() + deadLetters.size() >= put.size());

        List<String> processed = ledger.entries.stream().map(Ledger.Entry::data).toList();
        List<String> dropped = deadLetters.stream()
                .map(e -> new String(e.dataAsBytes(), StandardCharsets.UTF_8)).toList();
        assertThat(dropped).isNotEmpty().allSatisfy(d -> assertThat(processed).doesNotContain(d));
        List<String> all = new ArrayList<>(processed);
        all.addAll(dropped);
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(put);
        assertThat(deadLetters).allMatch(e -> e.reason() == DeadLetterEntry.Reason.OUTSIDE_SHARD_HASH_RANGE);
        Counter droppedCounter = registry.find("shardline.kpl.dropped").counter();
        assertThat(droppedCounter.count()).isEqualTo(deadLetters.size());
    }

    /**
     * Puts aggregates of {@value PER_AGGREGATE} user records with keys drawn from 64 (seeded), grouped in put order
     * whatever their shard, as kinesis-aggregation does; returns every user record's data.
     */
    private Set<String> putMixedAggregates(String stream) {
        Random random = new Random(12);
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        Set<String> data = new LinkedHashSet<>();
        for (int i = 0; i < AGGREGATES; i++) {
            KplAggregator aggregate = new KplAggregator();
            for (int j = 0; j < PER_AGGREGATE; j++) {
                String key = "key-" + random.nextInt(64);
                String text = key + "#" + i + "." + j;
                aggregate.add(key, text);
                data.add(text);
            }
            entries.add(aggregate.toPutRecordsEntry());
        }
        var response = aws.kinesis().putRecords(b -> b.streamName(stream).records(entries));
        assertThat(response.failedRecordCount()).isZero();
        return data;
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

    private Scheduler start(String app, String stream, String worker, ShardRecordProcessorFactory processors,
            SimpleMeterRegistry registry, Consumer<ConsumerConfig.Builder> customize) {
        ConsumerConfig.Builder config = ConsumerIt.config(aws, app, stream, worker, processors, registry);
        customize.accept(config);
        Scheduler scheduler = Scheduler.create(config.build());
        schedulers.add(scheduler);
        scheduler.start();
        return scheduler;
    }
}
