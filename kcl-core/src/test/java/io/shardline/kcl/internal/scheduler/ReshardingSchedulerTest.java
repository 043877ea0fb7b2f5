package io.shardline.kcl.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.internal.consumer.ConsumerContext;
import io.shardline.kcl.internal.testkit.FakeKinesisProxy;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Resharding with whole schedulers on in-memory stores and the fake Kinesis. The leader's periodic scan is set to
 * a minute, so a child that starts within seconds was assigned by the worker that finished its parent
 * ({@code requestAssignment}), not by a scan.
 */
class ReshardingSchedulerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration SCAN = Duration.ofMinutes(1);

    /** As {@link SchedulerFixture#FAST_TIMINGS} but a waiting child re-reads its parents' leases every 5 s. */
    private static final ConsumerContext.Timings TIMINGS = new ConsumerContext.Timings(Duration.ofSeconds(5),
            Duration.ofMillis(10), Duration.ofMillis(100));

    private final FakeKinesisProxy kinesis = new FakeKinesisProxy();
    @RegisterExtension
    final SchedulerFixture schedulers = new SchedulerFixture(kinesis);
    private final InMemoryLeaseStore leases = schedulers.leases();
    private final List<String> processed = new CopyOnWriteArrayList<>();

    @Test
    void childrenOfASplitStartRightAfterTheirParentWithoutALeaderScan() {
        put("s0", 0, 20);
        put("s1", 20, 40);
        start("a");
        start("b");
        awaitProcessed(40);

        kinesis.split("s0", "s2", "s3");
        put("s2", 40, 50);
        put("s3", 50, 60);

        // Typically ~100 ms; the bound leaves room for a loaded machine and is still far below the one-minute scan.
        await().atMost(Duration.ofSeconds(3)).until(() -> processed.size() >= 60);
        assertThat(processed).doesNotHaveDuplicates();
        assertParentBeforeChild("s0", "s2");
        assertParentBeforeChild("s0", "s3");
    }

    @Test
    void aMergedChildStartsOnlyAfterBothParentsAndTheParentsLeasesAreCleanedUp() {
        put("s0", 0, 10);
        put("s1", 10, 20);
        start("a");
        start("b");
        awaitProcessed(20);

        kinesis.split("s0", "s2", "s3");
        put("s2", 20, 30);
        put("s3", 30, 40);
        awaitProcessed(40);
        kinesis.merge("s2", "s3", "s4");
        put("s4", 40, 50);

        awaitProcessed(50);
        assertParentBeforeChild("s2", "s4");
        assertParentBeforeChild("s3", "s4");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(leases.get("s0")).as("consumed parent deleted")
                .isEmpty());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(leases.get("s2")).isEmpty());
        assertThat(leases.get("s4")).isPresent();
    }

    private void put(String shardId, int from, int to) {
        for (int i = from; i < to; i++) {
            kinesis.shard(shardId).put("key-" + i, shardId + "/" + i);
        }
    }

    private void awaitProcessed(int count) {
        await().atMost(TIMEOUT).until(() -> processed.size() >= count);
    }

    /** Every record of {@code parent} was handled before the first record of {@code child}. */
    private void assertParentBeforeChild(String parent, String child) {
        int lastOfParent = -1;
        int firstOfChild = Integer.MAX_VALUE;
        for (int i = 0; i < processed.size(); i++) {
            String shard = processed.get(i).substring(0, processed.get(i).indexOf('/'));
            if (shard.equals(parent)) {
                lastOfParent = i;
            } else if (shard.equals(child)) {
                firstOfChild = Math.min(firstOfChild, i);
            }
        }
        assertThat(lastOfParent).as("%s before %s", parent, child).isLessThan(firstOfChild);
    }

    private void start(String worker) {
        schedulers.start(SchedulerFixture.config(worker)
                .streamName(FakeKinesisProxy.STREAM)
                .processorFactory(RecordHandlers.processorFactory(() -> this::record,
                        CheckpointStrategy.afterEachBatch()))
                .leaseCoordinatorConfig(SchedulerFixture.leaseConfig(worker).leaseScanInterval(SCAN).build())
                .shardSyncInterval(Duration.ofMillis(200))
                .build(), TIMINGS);
    }

    private void record(KinesisClientRecord record) {
        processed.add(new String(record.dataAsBytes(), StandardCharsets.UTF_8));
    }
}
