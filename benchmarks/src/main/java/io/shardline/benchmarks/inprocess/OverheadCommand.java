package io.shardline.benchmarks.inprocess;

import com.sun.management.OperatingSystemMXBean;
import io.shardline.benchmarks.Results;
import io.shardline.testing.LocalAws;
import io.shardline.testing.kit.InMemoryKinesisClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code benchmarks/run overhead}: framework overhead. One worker drains generated records from an in-memory stream
 * with a no-op processor; the figure is records per CPU-second of the whole process (every thread: fetching,
 * dispatch, coordination, GC), i.e. records per second per fully used core.
 */
@Command(name = "overhead", mixinStandardHelpOptions = true,
        description = "Records per CPU-second through fetch + dispatch with a no-op processor (in-memory stream).")
public final class OverheadCommand implements Callable<Integer> {

    @Option(names = "--shards", defaultValue = "32", description = "Shards of the in-memory stream.")
    int shards;

    @Option(names = "--records-per-shard", defaultValue = "150000", description = "Generated records per shard.")
    long recordsPerShard;

    @Option(names = "--payload-bytes", defaultValue = "100", description = "Payload size of each record.")
    int payloadBytes;

    @Override
    public Integer call() {
        Results results = new Results("overhead", System.out);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (LocalAws aws = LocalAws.start()) {
            runOnce(aws, 8_000, "warmup-" + System.nanoTime(), os); // JIT warm-up, not reported
            long total = (long) shards * recordsPerShard;
            double[] figures = runOnce(aws, recordsPerShard, "overhead-" + System.nanoTime(), os);
            results.record("shardline", "records", total);
            results.record("shardline", "records_per_s", Math.round(total / figures[0]));
            results.record("shardline", "records_per_s_per_core", Math.round(total / figures[1]));
        }
        results.printTable();
        return 0;
    }

    /** Returns {wall seconds, process CPU seconds} from the first record to the last. */
    private double[] runOnce(LocalAws aws, long perShard, String application, OperatingSystemMXBean os) {
        InMemoryKinesisClient kinesis = new InMemoryKinesisClient().createStream(InProcessWorker.STREAM, shards);
        for (int s = 0; s < shards; s++) {
            kinesis.generate(InProcessWorker.STREAM, s, perShard, payloadBytes, 100);
        }
        long total = shards * perShard;
        try (InProcessWorker worker = new InProcessWorker(aws, kinesis, application, 5)) {
            worker.start();
            Deadline.await("first record", Duration.ofMinutes(2), () -> worker.processed() > 0);
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            long first = worker.processed();
            Deadline.await("all records", Duration.ofMinutes(10), () -> worker.processed() >= total);
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            double share = (double) (total - first) / total; // the records counted inside the window
            return new double[] {wall / share, cpu / share};
        }
    }
}
