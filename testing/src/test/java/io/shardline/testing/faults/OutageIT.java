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
import org.junit.jupiter.api.Test;

/**
 * Both emulators unreachable for a while, as if stopped and restarted. The npm emulators keep their data in memory
 * only, so a real restart would lose every stream and table; instead the worker's clients get every call refused
 * (connection refused, before sending) until the outage has visibly run its course: the worker fenced itself, its
 * storage breaker opened, its fetchers backed off, and 50 coordinator steps failed (about 5 s). Records written meanwhile (through
 * clean clients) are processed after it, with every earlier one.
 */
@WithLocalAws
class OutageIT extends FaultSuite {

    OutageIT(LocalAws aws) {
        super(aws);
    }

    @Test
    void aWorkerCutOffFromKinesisAndDynamoDbRecoversByItselfAndLosesNothing(TestNames names) {
        String stream = names.stream();
        Scheduler worker = startProcessing(names.application(), stream, 100);

        Fault outage = faults.on(Service.ANY).drop();
        aws.streams().putRecords(stream, records(100, 200));
        waiting("the worker fenced itself").until(() -> count(registry, "shardline.coordinator.self.fences") > 0);
        waiting("the storage breaker open").until(() -> !logs.lines(Level.WARN, "-> OPEN").isEmpty());
        waiting("the fetchers backing off").until(() -> count(registry, "shardline.fetch.retries", "cause", "io") >= 2);
        waiting("about 5 s of failed coordinator rounds (a few failed steps per 250 ms round)")
                .until(() -> count(registry, "shardline.coordinator.storage.errors") >= 50);
        outage.remove();

        waiting("every record processed").until(() -> tally.distinct() == 200);
        waiting("both shards owned again").until(() -> worker.ownedLeaseKeys().size() == SHARDS);
        assertThat(logs.lines(Level.WARN, "no heartbeat succeeded")).isNotEmpty();
        assertThat(logs.lines(Level.WARN, "Connection refused")).isNotEmpty();
        assertThat(logs.events(Level.WARN, "Connection refused")).allSatisfy(e -> assertThat(e.getThrowableProxy())
                .as("no stack trace: %s", e.getFormattedMessage()).isNull());
    }
}
