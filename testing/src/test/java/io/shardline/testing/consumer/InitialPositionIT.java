package io.shardline.testing.consumer;

import static io.shardline.testing.consumer.ConsumerIt.SHARDS;
import static io.shardline.testing.consumer.ConsumerIt.records;
import static io.shardline.testing.consumer.ConsumerIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.SchedulerMetrics;
import io.shardline.kcl.StartingPosition;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** Where a new application starts: LATEST skips what was there, AT_TIMESTAMP replays from that instant. */
@WithLocalAws
class InitialPositionIT {

    private final LocalAws aws;
    private final Ledger ledger = new Ledger();
    private final List<Scheduler> schedulers = new ArrayList<>();

    InitialPositionIT(LocalAws aws) {
        this.aws = aws;
    }

    @AfterEach
    void closeSchedulers() {
        schedulers.forEach(Scheduler::close);
    }

    @Test
    void atTimestampReplaysExactlyTheRecordsFromThatInstantOn(TestNames names) {
        String stream = names.stream();
        List<Shard> shards = aws.streams().create(stream, SHARDS);
        aws.streams().putRecords(stream, records(0, 200));
        Instant lastBefore = readAll(stream, shards).stream().map(Record::approximateArrivalTimestamp)
                .max(Instant::compareTo).orElseThrow();
        waiting("the clock past the first records").until(() -> Instant.now().isAfter(lastBefore.plusMillis(20)));
        Set<String> after = new HashSet<>(aws.streams().putRecords(stream, records(200, 400)));
        Instant timestamp = readAll(stream, shards).stream().filter(r -> after.contains(r.sequenceNumber()))
                .map(Record::approximateArrivalTimestamp).min(Instant::compareTo).orElseThrow();
        assertThat(timestamp).isAfter(lastBefore);

        start(names.application(), stream, StartingPosition.atTimestamp(timestamp));

        waiting("200 records replayed").until(() -> ledger.distinctProcessed() == 200);
        assertThat(ledger.entries).extracting(e -> e.position().sequenceNumber())
                .containsExactlyInAnyOrderElementsOf(after);
        assertThat(ledger.starts).extracting(s -> s.input().startingPosition().sequenceNumber())
                .containsOnly("AT_TIMESTAMP");
    }

    @Test
    void latestSkipsWhatWasWrittenBeforeTheApplicationStarted(TestNames names) {
        String stream = names.stream();
        aws.streams().create(stream, SHARDS);
        aws.streams().putRecords(stream, records(0, 100));

        SimpleMeterRegistry meters = start(names.application(), stream, StartingPosition.latest());
        waiting("every shard started at LATEST").until(() -> ledger.starts.size() == SHARDS);
        waiting("every fetcher positioned (a first, empty fetch reported its lag)").until(() -> meters
                .find(SchedulerMetrics.MILLIS_BEHIND_LATEST).gauges().stream().filter(g -> g.value() >= 0).count()
                == SHARDS);
        List<String> later = aws.streams().putRecords(stream, records(100, 200));

        waiting("the records written after the start").until(() -> ledger.distinctProcessed() >= 100);
        assertThat(ledger.entries).extracting(e -> e.position().sequenceNumber())
                .containsExactlyInAnyOrderElementsOf(later);
    }

    private SimpleMeterRegistry start(String app, String stream, StartingPosition initial) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Scheduler scheduler = Scheduler.create(ConsumerIt.config(aws, app, stream, "w", ledger.processors("w"),
                meters).initialPosition(initial).build());
        schedulers.add(scheduler);
        scheduler.start();
        return meters;
    }

    private List<Record> readAll(String stream, List<Shard> shards) {
        List<Record> all = new ArrayList<>();
        shards.forEach(shard -> all.addAll(aws.streams().readShard(stream, shard.shardId())));
        return all;
    }
}
