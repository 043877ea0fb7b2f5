package io.shardline.benchmarks.reshard;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.LocalAwsConsumers;
import io.shardline.benchmarks.harness.Percentiles;
import io.shardline.benchmarks.harness.Wait;
import io.shardline.kcl.Scheduler;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * {@code benchmarks/run reshard}: how soon a child shard starts once its parent is finished. Schedulers with the
 * library's default timings (1 s heartbeats, 10 s leader scan, polling with a 1 s idle interval) consume a stream on
 * the local emulators while a producer writes to 200 partition keys; each trial splits the open shard, or merges the
 * two children of the previous split back. Per child: milliseconds from the {@code SHARD_END} checkpoint of its last
 * parent (returned to the processor) to its first record delivered to a processor. Amazon KCL re-checks a waiting
 * child's parents every 10 s ({@code parentShardPollIntervalMillis}) after its own lease discovery.
 */
@Command(name = "reshard", mixinStandardHelpOptions = true,
        description = "Time from a parent shard's SHARD_END checkpoint to its child's first record (split/merge).")
public final class ReshardCommand implements Callable<Integer> {

    private static final int KEYS = 200;
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--workers", defaultValue = "2", description = "Schedulers in this JVM.")
    int workers;

    @Option(names = "--trials", defaultValue = "6", description = "Reshards: split, merge, split, ...")
    int trials;

    @Option(names = "--rate", defaultValue = "100", description = "Records per second the producer writes.")
    int rate;

    @Override
    public Integer call() {
        Results results = new Results("reshard", System.out);
        List<Long> samples = new ArrayList<>();
        try (LocalAws aws = LocalAws.start()) {
            String stream = "reshard-" + System.currentTimeMillis();
            List<Shard> roots = aws.streams().create(stream, 2);
            ChildStartClock clock = new ChildStartClock();
            List<Scheduler> schedulers = startWorkers(aws, stream, clock);
            ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
            try {
                AtomicInteger next = new AtomicInteger();
                int perTick = Math.max(1, rate / 10);
                producer.scheduleWithFixedDelay(() -> put(aws, stream, records(next.getAndAdd(perTick), perTick)),
                        0, 100, TimeUnit.MILLISECONDS);
                roots.forEach(s -> awaitDelivered(clock, s.shardId()));
                runTrials(aws, stream, roots.get(0).shardId(), clock, samples);
            } finally {
                producer.shutdownNow();
                schedulers.forEach(Scheduler::close);
            }
        }
        Percentiles p = Percentiles.of(samples.stream().mapToLong(Long::longValue).toArray());
        results.record("shardline", "child_start_ms", p.at(50));
        results.record("shardline", "child_start_p95_ms", p.at(95));
        results.record("shardline", "child_start_max_ms", p.max());
        results.record("shardline", "children", p.count());
        results.record("shardline", "trials", trials);
        results.printTable();
        return 0;
    }

    private void runTrials(LocalAws aws, String stream, String first, ChildStartClock clock, List<Long> samples) {
        String open = first;
        List<Shard> split = null;
        for (int trial = 1; trial <= trials; trial++) {
            Map<String, List<String>> children;
            if (split == null) {
                split = aws.streams().split(stream, open);
                children = Map.of(split.get(0).shardId(), List.of(open), split.get(1).shardId(), List.of(open));
            } else {
                Shard merged = aws.streams().merge(stream, split.get(0).shardId(), split.get(1).shardId());
                children = Map.of(merged.shardId(), List.of(split.get(0).shardId(), split.get(1).shardId()));
                open = merged.shardId();
                split = null;
            }
            for (Map.Entry<String, List<String>> child : children.entrySet()) {
                awaitDelivered(clock, child.getKey());
                OptionalLong millis = clock.childStartMillis(child.getKey(), child.getValue());
                millis.ifPresent(samples::add);
                System.err.printf("trial %d: child %s of %s started %s ms after SHARD_END%n", trial, child.getKey(),
                        child.getValue(), millis.isPresent() ? millis.getAsLong() : "?");
            }
        }
    }

    private List<Scheduler> startWorkers(LocalAws aws, String stream, ChildStartClock clock) {
        String application = stream + "-app";
        List<Scheduler> started = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Scheduler scheduler = Scheduler.create(LocalAwsConsumers.config(aws, application, stream)
                    .processorFactory(clock)
                    .meterRegistry(new SimpleMeterRegistry())
                    .leaseCoordinatorConfig(LeaseCoordinatorConfig.defaults().toBuilder().workerId("w" + i).build())
                    .build());
            scheduler.start();
            started.add(scheduler);
        }
        return started;
    }

    /** One producer tick; a failure is reported and the next tick goes on (a thrown error would stop the task). */
    private static void put(LocalAws aws, String stream, List<TestRecord> batch) {
        try {
            aws.streams().putRecords(stream, batch);
        } catch (RuntimeException e) {
            System.err.println("producer: PutRecords failed: " + e);
        }
    }

    private static void awaitDelivered(ChildStartClock clock, String shardId) {
        Wait.until("the first record of " + shardId, CHILD_TIMEOUT, () -> clock.delivered(shardId));
    }

    private static List<TestRecord> records(int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> TestRecord.of("key-" + (i % KEYS), "record-" + i))
                .toList();
    }
}
