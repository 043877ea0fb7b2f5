package io.shardline.testing.advisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.advisor.Advice;
import io.shardline.kcl.advisor.AdvisorConfig;
import io.shardline.kcl.advisor.ApplyResult;
import io.shardline.kcl.advisor.ReshardAction;
import io.shardline.kcl.advisor.ReshardAdvisor;
import io.shardline.kcl.advisor.Verdict;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.TestRecord;
import io.shardline.testing.WithLocalAws;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The reshard advisor on kinesis-mock. The emulator enforces no write limit, so the hot-shard test sets the
 * advisor's record limit to 40 records/s (the defaults are the AWS limits, 1 MiB/s and 1,000 records/s).
 */
@WithLocalAws
class ReshardAdvisorIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final BigInteger BAND_START = BigInteger.ONE.shiftLeft(124);
    private static final BigInteger BAND_END = BAND_START.add(BigInteger.ONE.shiftLeft(122));

    private final LocalAws aws;
    private final Map<String, LongAdder> processed = new ConcurrentHashMap<>();

    ReshardAdvisorIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void hotNarrowKeyRangeIsSplitInsideThatRangeAndTheSplitHalvesItsShare(TestNames names) throws Exception {
        String stream = names.stream();
        List<Shard> shards = aws.streams().create(stream, 2);
        String hotShard = shards.get(0).shardId();
        String otherShard = shards.get(1).shardId();
        // 40 partition keys whose MD5 falls in a narrow band of the first shard's range (far below its midpoint).
        List<String> hotKeys = keys("hot-", 40, h -> h.compareTo(BAND_START) >= 0 && h.compareTo(BAND_END) < 0);
        List<String> coldKeys = keys("cold-", 4, h -> h.bitLength() == 128); // top half: the second shard
        AdvisorConfig config = AdvisorConfig.builder().writeLimitRecordsPerSecond(40).window(Duration.ofSeconds(10))
                .minSamples(20).minLag(Duration.ofMinutes(5)).cooldown(Duration.ZERO).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger tick = new AtomicInteger();
        try (ReshardAdvisor advisor = ReshardAdvisor.create(stream, aws.kinesisAsync(), registry, config);
                Scheduler scheduler = start(names.application(), stream, advisor, registry, Duration.ZERO, 10_000)) {
            // Every 100 ms: 10 records on hot keys, and one on a cold key every other tick (~100/s vs ~5/s).
            producer.scheduleAtFixedRate(() -> {
                int t = tick.getAndIncrement();
                List<TestRecord> batch = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    batch.add(TestRecord.of(hotKeys.get((t * 10 + i) % hotKeys.size()), "h" + t + "-" + i));
                }
                if (t % 2 == 0) {
                    batch.add(TestRecord.of(coldKeys.get(t % coldKeys.size()), "c" + t));
                }
                aws.streams().putRecords(stream, batch);
            }, 0, 100, TimeUnit.MILLISECONDS);

            AtomicReference<Advice> advice = new AtomicReference<>();
            await("split advice for " + hotShard).atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                advice.set(advisor.evaluate());
                return advice.get().actions().stream().anyMatch(a -> a instanceof ReshardAction.Split s
                        && s.shardId().equals(hotShard));
            });
            assertThat(advice.get().shard(hotShard).orElseThrow().verdict()).isEqualTo(Verdict.PRODUCER_HOT);
            assertThat(advice.get().shard(otherShard).orElseThrow().verdict()).isNotEqualTo(Verdict.PRODUCER_HOT);
            ReshardAction.Split split = (ReshardAction.Split) advice.get().actions().get(0);
            BigInteger lowest = hotKeys.stream().map(ReshardAdvisorIT::md5).min(BigInteger::compareTo).orElseThrow();
            BigInteger highest = hotKeys.stream().map(ReshardAdvisorIT::md5).max(BigInteger::compareTo).orElseThrow();
            assertThat(split.newStartingHashKey()).as("split key inside the hot range")
                    .isGreaterThan(lowest).isLessThanOrEqualTo(highest);
            long hotBelow = hotKeys.stream().map(ReshardAdvisorIT::md5)
                    .filter(h -> h.compareTo(split.newStartingHashKey()) < 0).count();
            // Auto-apply is off: the evaluation only logged (and counted) what it would do.
            assertThat(registry.find("shardline.advisor.actions").tag("outcome", "dry_run").counter().count())
                    .isGreaterThanOrEqualTo(1);
            assertThat(registry.find("shardline.advisor.verdict").tag("shard", hotShard)
                    .tag("verdict", "producer-hot").gauge().value()).isEqualTo(1.0);

            // Shares as the consumer saw them: records processed per shard before the split, and after it.
            long parentBefore = processed(hotShard);
            long otherBefore = processed(otherShard);
            ApplyResult applied = advisor.apply(split);
            assertThat(applied.outcome()).as(applied.detail()).isEqualTo(ApplyResult.Outcome.APPLIED);
            await("children of " + hotShard).atMost(TIMEOUT).until(() -> children(stream, hotShard).size() == 2);
            List<String> children = children(stream, hotShard);
            await("records on the children").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> children.stream().mapToLong(this::processed).sum() >= 400);
            producer.shutdownNow();
            producer.awaitTermination(30, TimeUnit.SECONDS);
            List<Long> childCounts = children.stream().map(this::processed).toList();
            long otherAfter = processed(otherShard) - otherBefore;
            long after = childCounts.stream().mapToLong(Long::longValue).sum() + otherAfter;
            double shareBefore = (double) parentBefore / (parentBefore + otherBefore);
            double shareAfter = (double) childCounts.stream().mapToLong(Long::longValue).max().orElseThrow() / after;
            System.out.printf("RESULT advisor-split shardline hot_share_before=%.3f hot_share_after=%.3f"
                    + " hot_keys_below_split=%d/%d child_records=%s%n", shareBefore, shareAfter, hotBelow,
                    hotKeys.size(), childCounts);
            assertThat(shareBefore).isGreaterThan(0.8);
            assertThat(shareAfter).as("the busiest child's share").isLessThan(0.7);
            assertThat(childCounts).allMatch(c -> c > 0);
        } finally {
            producer.shutdownNow();
        }
    }

    @Test
    void slowProcessorWithModestIngestIsConsumerBoundAndNoReshardIsAdvised(TestNames names) {
        String stream = names.stream();
        String shard = aws.streams().create(stream, 1).get(0).shardId();
        // Batches of 10 records, so the lag shows while they are worked off. Default (AWS) write limits: 300 records written at once are 30% of 1,000 records/s at most.
        AdvisorConfig config = AdvisorConfig.builder().window(Duration.ofSeconds(10)).minSamples(20)
                .minLag(Duration.ofSeconds(2)).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ReshardAdvisor advisor = ReshardAdvisor.create(stream, aws.kinesisAsync(), registry, config);
                Scheduler scheduler = start(names.application(), stream, advisor, registry, Duration.ofMillis(40), 10)) {
            List<TestRecord> records = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                records.add(TestRecord.of("key-" + (i % 150), "r" + i));
            }
            aws.streams().putRecords(stream, records);
            AtomicReference<Advice> advice = new AtomicReference<>();
            await("consumer-bound verdict").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                advice.set(advisor.evaluate());
                return advice.get().shard(shard).map(s -> s.verdict() == Verdict.CONSUMER_BOUND).orElse(false);
            });
            System.out.println("Advice on a slow processor: " + advice.get());
            assertThat(advice.get().actions()).as("no reshard for a consumer-bound shard").isEmpty();
            assertThat(advice.get().notes()).anyMatch(n -> n.contains("per-key lanes"));
            assertThat(advice.get().shard(shard).orElseThrow().utilization()).isLessThan(0.5);
        }
    }

    private Scheduler start(String application, String stream, ReshardAdvisor advisor,
            SimpleMeterRegistry registry, Duration perRecord, int maxRecordsPerCall) {
        Scheduler scheduler = Scheduler.create(ConsumerConfig.builder()
                .applicationName(application)
                .streamName(stream)
                .kinesisClient(aws.kinesisAsync())
                .dynamoDbClient(aws.dynamoDbAsync())
                .initialPosition(StartingPosition.trimHorizon())
                .retrievalConfig(RetrievalConfig.polling().idleInterval(Duration.ofMillis(200))
                        .maxRecordsPerCall(maxRecordsPerCall).build())
                .processorFactory(advisor.observing(shardId -> new SlowProcessor(perRecord,
                        processed.computeIfAbsent(shardId, id -> new LongAdder()))))
                .meterRegistry(registry)
                .leaseCoordinatorConfig(LeaseCoordinatorConfig.builder().workerId("w1")
                        .heartbeatInterval(Duration.ofMillis(250)).failoverTimeout(Duration.ofMillis(1500))
                        .build())
                .shardSyncInterval(Duration.ofSeconds(2))
                .build());
        scheduler.start();
        return scheduler;
    }

    private long processed(String shardId) {
        LongAdder count = processed.get(shardId);
        return count == null ? 0 : count.sum();
    }

    private List<String> children(String stream, String parent) {
        return aws.streams().listShards(stream).stream().filter(s -> parent.equals(s.parentShardId()))
                .map(Shard::shardId).sorted().collect(Collectors.toList());
    }

    private static List<String> keys(String prefix, int count, java.util.function.Predicate<BigInteger> wanted) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            if (wanted.test(md5(prefix + i))) {
                keys.add(prefix + i);
            }
        }
        return keys;
    }

    static BigInteger md5(String key) {
        try {
            return new BigInteger(1, MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checkpoints each batch; {@code perRecord} of simulated work per record (the workload, not a test wait). */
    private static final class SlowProcessor implements ShardRecordProcessor {
        private final Duration perRecord;
        private final LongAdder processed;

        SlowProcessor(Duration perRecord, LongAdder processed) {
            this.perRecord = perRecord;
            this.processed = processed;
        }

        @Override
        public void initialize(InitializationInput input) {
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            if (!perRecord.isZero()) {
                try {
                    Thread.sleep(perRecord.toMillis() * input.records().size());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            processed.add(input.records().size());
            input.checkpointer().checkpoint();
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
    }
}
