package io.shardline.benchmarks.inprocess;

import com.sun.management.OperatingSystemMXBean;
import io.shardline.benchmarks.Results;
import io.shardline.kcl.kpl.KplAggregator;
import io.shardline.testing.LocalAws;
import io.shardline.testing.kit.InMemoryKinesisClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * {@code benchmarks/run overhead}: framework overhead, both systems in one run. One worker of each system in turn
 * (Shardline, then Amazon KCL 3.5.1, in this JVM) drains the same generated records from an {@link
 * InMemoryKinesisClient} (no network; leases in dynalite) with a no-op processor that only counts. The figure is the
 * process CPU time (every thread of this JVM: fetching, dispatch, coordination, GC) per record delivered, measured
 * from the moment {@code --warmup-fraction} of the records were delivered (JIT warm-up and lease taking excluded) to
 * the last one; also records per CPU-second (per fully used core) and the ratio Shardline / KCL. Last, the shared
 * source alone (the same reads, no consumer: {@code source cpu_ns_per_record}) and the ratio of the two systems'
 * figures with it subtracted ({@code library_cpu_ns_per_record}). Beside CPU, the heap bytes every thread allocated in
 * the same window ({@code alloc_bytes_per_record}, {@link AllocatedBytes}): a figure the machine's load does not move,
 * also given with the source's share subtracted ({@code library_alloc_bytes_per_record}).
 */
@Command(name = "overhead", mixinStandardHelpOptions = true,
        description = "CPU per record through fetch + dispatch with a no-op processor (in-memory stream), "
                + "Shardline and KCL 3.5.1 in one run.")
public final class OverheadCommand implements Callable<Integer> {

    /** Distinct partition keys in a generated aggregate (as the {@code throughput} scenario's filler puts them). */
    private static final int AGGREGATE_KEYS = 50;

    /** Both systems poll each shard at most this often (Shardline: 5 calls/s; KCL: idleTimeBetweenReads). */
    private static final long POLL_INTERVAL_MS = 200;

    @Option(names = "--shards", defaultValue = "32", description = "Shards of the in-memory stream.")
    int shards;

    @Option(names = "--records-per-shard", defaultValue = "600000",
            description = "Generated records per shard (the default gives windows of ~10 s, long enough for the JIT "
                    + "to settle: at 150,000 a window of ~3 s is largely compilation).")
    long recordsPerShard;

    @Option(names = "--payload-bytes", defaultValue = "100", description = "Payload size of each record.")
    int payloadBytes;

    @Option(names = "--aggregate", defaultValue = "1", description = "User records per generated Kinesis record: 1 "
            + "generates plain records, more generates KPL aggregates of that many user records (explicit hash keys "
            + "inside the shard, 50 partition keys), which both systems de-aggregate; the figures are per user record.")
    int aggregate;

    @Option(names = "--warmup-fraction", defaultValue = "0.2",
            description = "Share of the records delivered before the measurement starts.")
    double warmupFraction;

    @Option(names = "--system", defaultValue = "both", description = "shardline, kcl or both.")
    String system;

    /** One system's measured window. */
    private record Window(long records, double wallSeconds, double cpuSeconds, long allocatedBytes) {
        double cpuNanosPerRecord() {
            return cpuSeconds * 1e9 / records;
        }

        double allocatedBytesPerRecord() {
            return (double) allocatedBytes / records;
        }
    }

    /**
     * {@code benchmarks/run overhead} fixes the heap ({@code -Xms} = {@code -Xmx}, pre-touched); a JVM started another
     * way may resize its heap inside the window, and the page faults of that land in both systems' CPU figures.
     */
    private static void warnIfTheHeapIsNotFixed() {
        Runtime runtime = Runtime.getRuntime();
        if (runtime.totalMemory() < runtime.maxMemory()) {
            System.err.printf("overhead: the heap is not fixed (committed %d MiB of at most %d MiB): heap resizing "
                    + "inside the window adds system CPU to both systems' figures; benchmarks/run starts this JVM "
                    + "with -Xms2g -Xmx2g -XX:+AlwaysPreTouch%n", runtime.totalMemory() >> 20,
                    runtime.maxMemory() >> 20);
        }
    }

    @Override
    public Integer call() {
        if (aggregate < 1 || recordsPerShard % aggregate != 0) {
            throw new IllegalArgumentException("--aggregate must be >= 1 and divide --records-per-shard, was "
                    + aggregate + " (records per shard " + recordsPerShard + ")");
        }
        Results results = new Results("overhead", System.out);
        warnIfTheHeapIsNotFixed();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (LocalAws aws = LocalAws.start()) {
            Window shardline = null;
            Window kcl = null;
            if (!system.equals("kcl")) {
                InMemoryKinesisClient kinesis = stream();
                try (InProcessWorker worker = new InProcessWorker(aws, kinesis, "overhead-" + System.nanoTime(),
                        (int) (1000 / POLL_INTERVAL_MS))) {
                    worker.start();
                    shardline = measure(worker::processed, os);
                }
                report(results, "shardline", shardline);
            }
            if (!system.equals("shardline")) {
                InMemoryKinesisClient kinesis = stream();
                try (KclInProcessWorker worker = new KclInProcessWorker(aws, kinesis,
                        "overhead-kcl-" + System.nanoTime(), POLL_INTERVAL_MS)) {
                    worker.start();
                    kcl = measure(worker::processed, os);
                }
                report(results, "kcl", kcl);
            }
            if (shardline != null && kcl != null) {
                results.record("ratio", "cpu_ns_per_record", shardline.cpuNanosPerRecord() / kcl.cpuNanosPerRecord());
                Window source = sourceOnly(os);
                results.record("source", "cpu_ns_per_record", source.cpuNanosPerRecord());
                double src = source.cpuNanosPerRecord();
                results.record("ratio", "library_cpu_ns_per_record",
                        (shardline.cpuNanosPerRecord() - src) / (kcl.cpuNanosPerRecord() - src));
                double srcAlloc = source.allocatedBytesPerRecord();
                results.record("source", "alloc_bytes_per_record", srcAlloc);
                results.record("shardline", "library_alloc_bytes_per_record",
                        shardline.allocatedBytesPerRecord() - srcAlloc);
                results.record("kcl", "library_alloc_bytes_per_record", kcl.allocatedBytesPerRecord() - srcAlloc);
                results.record("ratio", "library_alloc_bytes_per_record",
                        (shardline.allocatedBytesPerRecord() - srcAlloc) / (kcl.allocatedBytesPerRecord() - srcAlloc));
            }
        }
        results.printTable();
        return 0;
    }

    private InMemoryKinesisClient stream() {
        InMemoryKinesisClient kinesis = new InMemoryKinesisClient().createStream(InProcessWorker.STREAM, shards);
        if (aggregate == 1) {
            for (int s = 0; s < shards; s++) {
                kinesis.generate(InProcessWorker.STREAM, s, recordsPerShard, payloadBytes, 100);
            }
            return kinesis;
        }
        List<Shard> created = kinesis.listShards(ListShardsRequest.builder().streamName(InProcessWorker.STREAM).build())
                .join().shards();
        for (int s = 0; s < shards; s++) {
            KplAggregator aggregator = new KplAggregator();
            String hashKey = created.get(s).hashKeyRange().startingHashKey();
            for (int u = 0; u < aggregate; u++) {
                aggregator.add("k" + u % AGGREGATE_KEYS, hashKey, new byte[payloadBytes]);
            }
            kinesis.generate(InProcessWorker.STREAM, s, recordsPerShard / aggregate, aggregator.toBytes(), 100);
        }
        return kinesis;
    }

    private Window measure(LongSupplier processed, OperatingSystemMXBean os) {
        long total = shards * recordsPerShard;
        long warm = Math.max(1, (long) (total * warmupFraction));
        Deadline.await("warm-up records", Duration.ofMinutes(5), () -> processed.getAsLong() >= warm);
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        AllocatedBytes alloc0 = AllocatedBytes.now();
        long first = processed.getAsLong();
        Deadline.await("all records", Duration.ofMinutes(15), () -> processed.getAsLong() >= total);
        long last = processed.getAsLong();
        long cpu = os.getProcessCpuTime() - cpu0;
        return new Window(last - first, (System.nanoTime() - wall0) / 1e9, cpu / 1e9,
                AllocatedBytes.now().since(alloc0));
    }

    /**
     * What the shared source alone costs: one thread reads every shard of a fresh stream to its end with GetRecords
     * (limit 10,000, as both systems ask), the SDK records built and dropped; warm-up as for the systems. Subtracted
     * from both systems' figures it gives {@code library_cpu_ns_per_record}.
     */
    private Window sourceOnly(OperatingSystemMXBean os) {
        InMemoryKinesisClient kinesis = stream();
        long total = shards * recordsPerShard;
        long warm = Math.max(1, (long) (total * warmupFraction));
        long read = 0;
        long cpu0 = 0;
        long wall0 = 0;
        long first = 0;
        AllocatedBytes alloc0 = null;
        String[] iterators = new String[shards];
        for (int s = 0; s < shards; s++) {
            iterators[s] = kinesis.getShardIterator(GetShardIteratorRequest.builder()
                    .streamName(InProcessWorker.STREAM).shardId(String.format("shardId-%012d", s))
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON).build()).join().shardIterator();
        }
        boolean more = true;
        while (more) {
            more = false;
            for (int s = 0; s < shards; s++) {
                GetRecordsResponse response = kinesis.getRecords(GetRecordsRequest.builder()
                        .shardIterator(iterators[s]).limit(10_000).build()).join();
                iterators[s] = response.nextShardIterator();
                read += (long) response.records().size() * aggregate; // user records, as the systems count
                more |= !response.records().isEmpty();
                if (cpu0 == 0 && read >= warm) {
                    cpu0 = os.getProcessCpuTime();
                    wall0 = System.nanoTime();
                    alloc0 = AllocatedBytes.now();
                    first = read;
                }
            }
        }
        long cpu = os.getProcessCpuTime() - cpu0;
        return new Window(read - first, (System.nanoTime() - wall0) / 1e9, cpu / 1e9,
                AllocatedBytes.now().since(alloc0));
    }

    private static void report(Results results, String system, Window w) {
        results.record(system, "records_measured", w.records());
        results.record(system, "cpu_ns_per_record", w.cpuNanosPerRecord());
        results.record(system, "alloc_bytes_per_record", w.allocatedBytesPerRecord());
        results.record(system, "records_per_s", Math.round(w.records() / w.wallSeconds()));
        results.record(system, "records_per_s_per_core", Math.round(w.records() / w.cpuSeconds()));
    }
}
