package io.shardline.testing.faults;

import static io.shardline.testing.faults.FaultIt.FAST_COORDINATION;
import static io.shardline.testing.faults.FaultIt.SHARDS;
import static io.shardline.testing.faults.FaultIt.records;
import static io.shardline.testing.faults.FaultIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.Scheduler;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import io.shardline.testing.faults.FaultInjector.Service;
import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * DynamoDB stops answering for 2 x {@code failoverTimeout} under two workers whose DynamoDB client was built with no
 * timeouts at all (the README's {@code DynamoDbAsyncClient.create()}, pointed at the emulator), while records keep
 * arriving. Each store call carries its own deadline, so both workers fence themselves during the stall (their
 * coordinator threads are not stuck in calls that never return), then take their leases back and process every
 * record. Prints {@code RESULT dynamodb-stall shardline replays=<n>}: records processed more than once.
 */
@WithLocalAws
class DynamoDbStallIT extends FaultSuite {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbStallIT.class);
    private static final Duration STALL = FAST_COORDINATION.failoverTimeout().multipliedBy(2);

    private final ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
    private DynamoDbAsyncClient noTimeouts;

    DynamoDbStallIT(LocalAws aws) {
        super(aws);
    }

    @AfterEach
    void stopProducer() {
        producer.shutdownNow();
        if (noTimeouts != null) {
            noTimeouts.close();
        }
    }

    @Test
    void workersWithANoTimeoutClientSelfFenceDuringAStallOfTwoFailoverTimeoutsAndRecover(TestNames names) {
        String stream = names.stream();
        String application = names.application();
        noTimeouts = DynamoDbAsyncClient.builder()
                .endpointOverride(aws.dynamoDbEndpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(faults)) // no api-call/attempt timeouts
                .build();
        aws.streams().create(stream, SHARDS);
        AtomicInteger produced = new AtomicInteger();
        Scheduler w1 = start(application, stream, b -> b.dynamoDbClient(noTimeouts)
                .leaseCoordinatorConfig(FAST_COORDINATION.toBuilder().workerId("w1").build()));
        Scheduler w2 = start(application, stream, b -> b.dynamoDbClient(noTimeouts)
                .leaseCoordinatorConfig(FAST_COORDINATION.toBuilder().workerId("w2").build()));
        waiting("each worker owns a shard").until(() -> w1.ownedLeaseKeys().size() == 1
                && w2.ownedLeaseKeys().size() == 1);
        producer.scheduleAtFixedRate(() -> { // one thread: counted once written
            int from = produced.get();
            aws.streams().putRecords(stream, records(from, from + 20));
            produced.set(from + 20);
        }, 0, 100, TimeUnit.MILLISECONDS);
        waiting("records flowing").until(() -> tally.distinct() >= 200);

        waiting("each worker owns a shard before the stall").until(() -> w1.ownedLeaseKeys().size() == 1
                && w2.ownedLeaseKeys().size() == 1);
        int warningsBefore = logs.lines(Level.WARN).size();
        Fault stall = faults.on(Service.DYNAMODB).stall();
        long stalledAt = System.nanoTime();
        waiting("the stall has lasted 2 x failoverTimeout")
                .until(() -> System.nanoTime() - stalledAt >= STALL.toNanos());
        // a worker stops acting on its leases at its fence deadline: its consumers stop, or its coordinator drops them
        List<String> stops = logs.lines(Level.WARN).stream().skip(warningsBefore)
                .filter(l -> l.contains("past this worker's self-fence deadline")
                        || l.contains("no heartbeat succeeded for"))
                .toList();
        Set<String> fencedDuringStall = stops.stream().map(l -> l.substring(0, l.indexOf(':')))
                .collect(Collectors.toCollection(TreeSet::new));
        int stopsDuringStall = stops.size();
        stall.remove();
        int atStallEnd = produced.get();
        waiting("records produced after the stall").until(() -> produced.get() >= atStallEnd + 200);
        producer.shutdown(); // lets the put in flight finish
        waiting("the producer stopped").until(() -> producer.awaitTermination(1, TimeUnit.SECONDS));

        int total = produced.get();
        try {
            waiting("every record processed").until(() -> tally.distinct() == total);
            waiting("both shards owned again").until(() -> w1.ownedLeaseKeys().size()
                    + w2.ownedLeaseKeys().size() == SHARDS);
        } finally {
            LOG.info("RESULT dynamodb-stall shardline replays={} (records={}, processed={}, fence stops by the end"
                    + " of the stall: {} new, workers {})", tally.duplicates(), total, tally.distinct(),
                    stopsDuringStall, fencedDuringStall);
            System.out.println("RESULT dynamodb-stall shardline replays=" + tally.duplicates());
        }
        assertThat(stopsDuringStall).as("workers stopped at their fence deadline while DynamoDB stalled").isPositive();
        assertThat(fencedDuringStall).as("workers that stopped at their fence deadline").containsExactly("w1", "w2");
    }
}
