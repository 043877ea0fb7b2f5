package io.shardline.testing.faults;

import static io.shardline.testing.faults.FaultIt.SHARDS;
import static io.shardline.testing.faults.FaultIt.count;
import static io.shardline.testing.faults.FaultIt.records;
import static io.shardline.testing.faults.FaultIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.shardline.kcl.Scheduler;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import io.shardline.testing.faults.FaultInjector.Service;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Kinesis misbehaving under a running worker: throttled and failing (5xx) GetRecords and GetShardIterator, expired
 * iterators, a failing ListShards at start. In each the worker keeps its shards, recovers by itself, processes every
 * record (without duplicates: none of these faults loses a lease), and says what happened once per episode.
 */
@WithLocalAws
class KinesisFaultsIT extends FaultSuite {

    KinesisFaultsIT(LocalAws aws) {
        super(aws);
    }

    @Test
    void throttledGetRecordsBacksOffLosesNothingAndLogsOneLinePerShard(TestNames names) {
        String stream = names.stream();
        Scheduler worker = startProcessing(names.application(), stream, 100);

        Fault throttling = faults.on(Service.KINESIS, "GetRecords").throttle();
        aws.streams().putRecords(stream, records(100, 200));
        waiting("GetRecords throttled on both shards for a while").until(() -> throttling.hits() >= 12);
        throttling.remove();

        waiting("every record processed").until(() -> tally.distinct() == 200);
        assertThat(tally.duplicates()).isZero();
        assertThat(worker.ownedLeaseKeys()).hasSize(SHARDS);
        assertThat(count(registry, "shardline.fetch.throttles")).isGreaterThanOrEqualTo(12);
        assertThat(logs.events(Level.WARN, "GetRecords failed (THROTTLED")).as("one line per shard, not per retry")
                .hasSizeBetween(1, SHARDS).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
        waiting("the recovery logged").until(() -> !logs.lines(Level.INFO, "Kinesis calls succeed again").isEmpty());
    }

    @Test
    void serverErrorsOnGetShardIteratorAndGetRecordsAreRetried(TestNames names) {
        String stream = names.stream();
        aws.streams().create(stream, SHARDS);
        aws.streams().putRecords(stream, records(0, 100));
        Fault failing = faults.on(Service.KINESIS, "GetShardIterator", "GetRecords").times(8).serverError();

        start(names.application(), stream, UnaryOperator.identity());

        waiting("every record processed").until(() -> tally.distinct() == 100);
        assertThat(failing.hits()).isEqualTo(8);
        assertThat(tally.duplicates()).isZero();
        assertThat(count(registry, "shardline.fetch.retries", "cause", "service_error")).isEqualTo(8);
        assertThat(logs.lines(Level.WARN, "InternalFailure")).isNotEmpty();
    }

    @Test
    void expiredIteratorsAreRenewedAfterTheLastRecordFetched(TestNames names) {
        String stream = names.stream();
        startProcessing(names.application(), stream, 100);

        Fault expiring = faults.on(Service.KINESIS, "GetRecords").times(4).expiredIterator();
        aws.streams().putRecords(stream, records(100, 200));

        waiting("every record processed").until(() -> tally.distinct() == 200);
        assertThat(expiring.hits()).isEqualTo(4);
        assertThat(tally.duplicates()).isZero();
        assertThat(count(registry, "shardline.fetch.iterator.expired")).isEqualTo(4);
        assertThat(logs.lines(Level.INFO, "shard iterator expired; resuming at")).hasSize(4);
    }

    @Test
    void aFailingListShardsAtStartIsRetried(TestNames names) {
        String stream = names.stream();
        aws.streams().create(stream, SHARDS);
        aws.streams().putRecords(stream, records(0, 50));
        Fault listing = faults.on(Service.KINESIS, "ListShards").times(2).throttle();

        Scheduler worker = start(names.application(), stream, UnaryOperator.identity());

        waiting("every record processed").until(() -> tally.distinct() == 50);
        assertThat(listing.hits()).isEqualTo(2);
        assertThat(worker.ownedLeaseKeys()).hasSize(SHARDS);
    }
}
