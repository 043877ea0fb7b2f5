package io.shardline.kcl.internal.advisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.RecordCheckpointer;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.kcl.advisor.Advice;
import io.shardline.kcl.advisor.AdvisorConfig;
import io.shardline.kcl.advisor.Verdict;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The wiring: observed batches -> snapshot -> verdicts, meters, one guarded auto-applied action. */
class DefaultReshardAdvisorTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final FakeStreamOps ops = new FakeStreamOps(2);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Instant now = Instant.parse("2026-12-06T12:00:00Z");

    private DefaultReshardAdvisor advisor(boolean autoApply) {
        AdvisorConfig config = AdvisorConfig.builder().writeLimitRecordsPerSecond(100).minSamples(10)
                .window(Duration.ofSeconds(10)).autoApply(autoApply).build();
        return new DefaultReshardAdvisor("s", ops, registry, config, nanos::get, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static ShardRecordProcessor noop() {
        return new ShardRecordProcessor() {
            @Override
            public void initialize(InitializationInput input) {
            }

            @Override
            public void processRecords(ProcessRecordsInput input) {
            }

            @Override
            public void leaseLost(LeaseLostInput input) {
            }

            @Override
            public void shardEnded(ShardEndedInput input) {
            }

            @Override
            public void shutdownRequested(ShutdownRequestedInput input) {
            }
        };
    }

    private static ProcessRecordsInput batch(String prefix, int count, Instant arrival) {
        List<KinesisClientRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new KinesisClientRecord(prefix + i, "1", 0, null, arrival.plusMillis(i),
                    ByteBuffer.allocate(10), false, false));
        }
        RecordCheckpointer checkpointer = (RecordCheckpointer) Proxy.newProxyInstance(
                RecordCheckpointer.class.getClassLoader(), new Class<?>[] {RecordCheckpointer.class},
                (proxy, method, args) -> method.getName().equals("leaseKey") ? "shardId-0" : null);
        return new ProcessRecordsInput(records, checkpointer, 0, false);
    }

    @Test
    void hotObservedShardIsSplitOnceThenTheCooldownHolds() {
        try (DefaultReshardAdvisor advisor = advisor(true)) {
            ShardRecordProcessor p0 = advisor.observing(id -> noop()).create("shardId-0");
            ShardRecordProcessor p1 = advisor.observing(id -> noop()).create("shardId-1");
            p0.initialize(null);
            p1.initialize(null);
            p0.processRecords(batch("hot-", 300, now.minusMillis(900))); // 300 records within 1 s: 3x the limit
            p1.processRecords(batch("cold-", 10, now.minusSeconds(5)));

            Advice advice = advisor.evaluate();
            assertThat(advice.shard("shardId-0").orElseThrow().verdict()).isEqualTo(Verdict.PRODUCER_HOT);
            assertThat(ops.calls).hasSize(1).allMatch(c -> c.startsWith("split shardId-0 at "));
            assertThat(registry.find("shardline.advisor.verdict").tag("shard", "shardId-0")
                    .tag("verdict", "producer-hot").gauge().value()).isEqualTo(1.0);
            assertThat(registry.find("shardline.advisor.actions").tag("outcome", "applied").counter().count())
                    .isEqualTo(1.0);

            advisor.evaluate();
            assertThat(ops.calls).hasSize(1);
            assertThat(registry.find("shardline.advisor.actions").tag("outcome", "refused").counter().count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void withoutAutoApplyNothingIsCalled() {
        try (DefaultReshardAdvisor advisor = advisor(false)) {
            ShardRecordProcessor p0 = advisor.observing(id -> noop()).create("shardId-0");
            p0.initialize(null);
            p0.processRecords(batch("hot-", 300, now.minusMillis(900)));
            advisor.evaluate();
            assertThat(ops.calls).isEmpty();
            assertThat(registry.find("shardline.advisor.actions").tag("outcome", "dry_run").counter().count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void aShardWhoseLeaseIsLostIsNoLongerJudged() {
        try (DefaultReshardAdvisor advisor = advisor(false)) {
            ShardRecordProcessor p0 = advisor.observing(id -> noop()).create("shardId-0");
            p0.initialize(null);
            p0.processRecords(batch("hot-", 300, now.minusMillis(900)));
            p0.leaseLost(null);
            assertThat(advisor.evaluate().shard("shardId-0").orElseThrow().verdict()).isEqualTo(Verdict.UNKNOWN);
        }
    }
}
