package io.shardline.testing.faults;

import static io.shardline.testing.faults.FaultIt.FAST_COORDINATION;
import static io.shardline.testing.faults.FaultIt.SHARDS;
import static io.shardline.testing.faults.FaultIt.config;
import static io.shardline.testing.faults.FaultIt.records;
import static io.shardline.testing.faults.FaultIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import io.shardline.testing.faults.FaultInjector.Service;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker whose heartbeats stall (its coordination-table UpdateItems never answer; its checkpoints and Kinesis
 * reads still work) stops processing at its fence deadline, before its peer takes its shard over: no record of the
 * shard is delivered to it after the peer's first delivery of that shard.
 */
@WithLocalAws
class FenceDeadlineIT extends FaultSuite {

    private final FaultInjector w1Faults = new FaultInjector();
    private final LocalAws.FaultyClients w1Clients;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private Scheduler w1;
    private Scheduler w2;

    FenceDeadlineIT(LocalAws aws) {
        super(aws);
        this.w1Clients = aws.withFaults(w1Faults);
    }

    @AfterEach
    void closeWorkers() {
        w1Faults.clear();
        if (w1 != null) {
            w1.close();
        }
        if (w2 != null) {
            w2.close();
        }
    }

    @Test
    void aWorkerWhoseHeartbeatsStallProcessesNothingAfterItsPeerTookItsShard(TestNames names) {
        String stream = names.stream();
        String application = names.application();
        aws.streams().create(stream, SHARDS);
        aws.streams().putRecords(stream, records(0, 100));
        w1 = Scheduler.create(config(w1Clients, application, stream, "w1", recording("w1"), registry)
                .leaseCoordinatorConfig(FAST_COORDINATION.toBuilder().workerId("w1").build()).build());
        w1.start();
        waiting("w1 owns both shards").until(() -> w1.ownedLeaseKeys().size() == SHARDS);
        w2 = Scheduler.create(config(clients, application, stream, "w2", recording("w2"), registry)
                .leaseCoordinatorConfig(FAST_COORDINATION.toBuilder().workerId("w2").build()).build());
        w2.start();
        waiting("one shard each").until(() -> w1.ownedLeaseKeys().size() == 1 && w2.ownedLeaseKeys().size() == 1);
        String shard = w1.ownedLeaseKeys().iterator().next();
        long before = count("w1", shard);
        aws.streams().putRecords(stream, records(100, 200));
        waiting("w1 processing its shard").until(() -> count("w1", shard) > before);

        w1Faults.on(Service.DYNAMODB, "UpdateItem")
                .onTable(LeaseTableConfig.of(application).coordinationTableName()).stall();
        for (int i = 200; i < 600; i += 50) {
            aws.streams().putRecords(stream, records(i, i + 50));
        }
        // On a quiet machine w1 may process everything put so far before its deadline; records put after the
        // takeover are the ones only w2 may deliver.
        waiting("w2 took w1's shard").until(() -> w2.ownedLeaseKeys().contains(shard)
                && !w1.ownedLeaseKeys().contains(shard));
        aws.streams().putRecords(stream, records(600, 700));
        waiting("w2 processed w1's shard").until(() -> count("w2", shard) >= 1);

        long takenOverAt = firstDelivery("w2", shard).getAsLong();
        List<Delivery> late = deliveries.stream()
                .filter(d -> d.worker.equals("w1") && d.shardId.equals(shard) && d.atNanos - takenOverAt >= 0)
                .toList();
        assertThat(late).as("deliveries to w1 of %s after w2's first", shard).isEmpty();
        assertThat(logs.lines(Level.WARN, "w1: ").stream().filter(l -> l.contains("self-fence deadline")
                || l.contains("no heartbeat succeeded for"))).as("w1 stopped at its fence deadline").isNotEmpty();
    }

    private long count(String worker, String shard) {
        return deliveries.stream().filter(d -> d.worker.equals(worker) && d.shardId.equals(shard)).count();
    }

    private OptionalLong firstDelivery(String worker, String shard) {
        return deliveries.stream().filter(d -> d.worker.equals(worker) && d.shardId.equals(shard))
                .mapToLong(d -> d.atNanos).min();
    }

    /** One processRecords call: who, which shard, when it started (monotonic), its last record's data. */
    private record Delivery(String worker, String shardId, long atNanos, String lastRecord) {
    }

    private ShardRecordProcessorFactory recording(String worker) {
        return shardId -> new ShardRecordProcessor() {
            @Override
            public void initialize(InitializationInput input) {
            }

            @Override
            public void processRecords(ProcessRecordsInput input) {
                long at = System.nanoTime();
                String last = Tally.text(input.records().get(input.records().size() - 1));
                deliveries.add(new Delivery(worker, shardId, at, last));
                input.checkpointer().checkpoint(input.records().get(input.records().size() - 1));
            }

            @Override
            public void leaseLost(LeaseLostInput input) {
            }

            @Override
            public void shardEnded(ShardEndedInput input) {
                input.checkpointer().checkpoint();
            }

            @Override
            public void shutdownRequested(ShutdownRequestedInput input) {
                input.checkpointer().checkpoint();
            }
        };
    }
}
