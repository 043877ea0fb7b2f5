package io.shardline.testing.faults;

import static io.shardline.testing.faults.FaultIt.SHARDS;
import static io.shardline.testing.faults.FaultIt.count;
import static io.shardline.testing.faults.FaultIt.records;
import static io.shardline.testing.faults.FaultIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.shardline.checkpoint.Checkpointers;
import io.shardline.kcl.FailurePolicy;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.SchedulerMetrics;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import io.shardline.testing.faults.FaultInjector.Service;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The lease and coordination tables throttled or failing under a running worker. The storage circuit breaker opens (one
 * WARN line) instead of letting every caller hammer the table, the worker may fence itself (it cannot prove it still
 * holds its leases) and takes its shards back once DynamoDB answers, resuming from the last checkpoint: every record is
 * processed (some twice, which at-least-once allows), nothing is dead-lettered, no shard stops.
 */
@WithLocalAws
class DynamoDbFaultsIT extends FaultSuite {

    DynamoDbFaultsIT(LocalAws aws) {
        super(aws);
    }

    @Test
    void aThrottledLeaseTableOpensTheBreakerAndTheWorkerRecoversEveryShard(TestNames names) {
        String stream = names.stream();
        Scheduler worker = startProcessing(names.application(), stream, 100);

        Fault throttling = faults.on(Service.DYNAMODB).throttle();
        aws.streams().putRecords(stream, records(100, 200));
        waiting("the storage circuit breaker open").until(() -> !logs.lines(Level.WARN, "-> OPEN").isEmpty());
        throttling.remove();

        waiting("every record processed").until(() -> tally.distinct() == 200);
        waiting("both shards owned again").until(() -> worker.ownedLeaseKeys().size() == SHARDS);
        waiting("the breaker closed again").until(() -> !logs.lines(Level.INFO, "-> CLOSED").isEmpty());
        assertThat(count(registry, "shardline.coordinator.storage.errors")).isPositive();
        assertThat(logs.lines(Level.WARN, "-> OPEN", "ProvisionedThroughputExceeded")).as("the breaker names the error")
                .isNotEmpty();
        assertThat(logs.events(Level.WARN, "circuit breaker")).allSatisfy(e -> assertThat(e.getThrowableProxy())
                .as("no stack trace: %s", e.getFormattedMessage()).isNull());
        assertThat(count(registry, SchedulerMetrics.SHARDS_STOPPED)).isZero();
    }

    @Test
    void failingCheckpointWritesAreRetriedAndNeverCountAgainstTheRecords(TestNames names) {
        String stream = names.stream();
        aws.streams().create(stream, SHARDS);
        aws.streams().putRecords(stream, records(0, 100));
        // One failed processRecords per record would stop the shard, if a storage failure counted as one.
        String application = names.application();
        Scheduler worker = start(application, stream, c -> c.failurePolicy(FailurePolicy.builder()
                .maxAttempts(1).retryBackoffBase(Duration.ofMillis(20)).retryBackoffMax(Duration.ofMillis(200))
                .build()));
        waiting("the first records processed").until(() -> tally.distinct() == 100);

        // Only the lease table's writes (checkpoints): failing the coordination table's heartbeats as well would make
        // the worker fence itself and drop its leases, racing the checkpoint this test is about.
        Fault failing = faults.on(Service.DYNAMODB, "UpdateItem").onTable(application).serverError();
        aws.streams().putRecords(stream, records(100, 200));
        waiting("a checkpoint write failed").until(() -> count(registry, Checkpointers.FAILURES) > 0);
        failing.remove();

        waiting("every record processed").until(() -> tally.distinct() == 200);
        waiting("both shards owned again").until(() -> worker.ownedLeaseKeys().size() == SHARDS);
        assertThat(count(registry, SchedulerMetrics.SHARDS_STOPPED)).isZero();
        // The processor's checkpointer returns CheckpointResult.Failed (the batch is not re-delivered) and WARNs it.
        assertThat(logs.lines(Level.WARN, "checkpoint of lease", "the lease table failed")).isNotEmpty();
        // Named by the retry line, or by the storage circuit breaker's line when it opened first.
        assertThat(logs.lines(Level.WARN, "InternalServerError")).as("a WARN line names the storage error")
                .isNotEmpty();
    }
}
