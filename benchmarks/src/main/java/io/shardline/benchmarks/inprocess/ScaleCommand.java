package io.shardline.benchmarks.inprocess;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.cost.DynamoDbRequestCounter;
import io.shardline.benchmarks.harness.EmulatorClients;
import io.shardline.testing.LocalAws;
import io.shardline.testing.kit.InMemoryKinesisClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * {@code benchmarks/run scale}: 1,000 shards on one worker (in-memory stream, leases in dynalite). Once every lease is
 * held and every shard's records are processed, reports the JVM's live threads and the heap in use after a GC; also
 * how long the worker took to own every lease from its start, and the DynamoDB writes it sent until then per lease
 * (every write request: lease creates and transfers, and its heartbeats and leader renewals of that time).
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Threads and heap of one worker holding 1,000 shards (in-memory stream).")
public final class ScaleCommand implements Callable<Integer> {

    @Option(names = "--shards", defaultValue = "1000", description = "Shards held by the one worker.")
    int shards;

    @Option(names = "--records-per-shard", defaultValue = "200", description = "Generated records per shard.")
    long recordsPerShard;

    @Override
    public Integer call() {
        Results results = new Results("scale", System.out);
        try (LocalAws aws = LocalAws.start()) {
            InMemoryKinesisClient kinesis = new InMemoryKinesisClient().createStream(InProcessWorker.STREAM, shards);
            for (int s = 0; s < shards; s++) {
                kinesis.generate(InProcessWorker.STREAM, s, recordsPerShard, 100, 100);
            }
            DynamoDbRequestCounter requests = new DynamoDbRequestCounter();
            long start = System.nanoTime();
            try (DynamoDbAsyncClient dynamoDb = EmulatorClients.dynamoDb(aws.dynamoDbEndpoint(), List.of(requests));
                    InProcessWorker worker = new InProcessWorker(dynamoDb, kinesis, "scale-" + System.nanoTime(), 2)) {
                worker.start();
                Deadline.await(shards + " leases owned", Duration.ofMinutes(5), () -> worker.ownedLeases() == shards);
                long leasesMs = (System.nanoTime() - start) / 1_000_000;
                long writes = requests.snapshot(System.currentTimeMillis()).writes();
                long total = shards * recordsPerShard;
                Deadline.await("all records", Duration.ofMinutes(5), () -> worker.processed() >= total);
                long allMs = (System.nanoTime() - start) / 1_000_000;
                MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
                memory.gc();
                long heapMb = memory.getHeapMemoryUsage().getUsed() / (1024 * 1024);
                int threads = ManagementFactory.getThreadMXBean().getThreadCount();
                results.record("shardline", "shards", shards);
                results.record("shardline", "threads", threads);
                results.record("shardline", "heap_mb", heapMb);
                results.record("shardline", "all_leases_owned_ms", leasesMs);
                results.record("shardline", "writes_per_lease", (double) writes / shards);
                results.record("shardline", "all_records_processed_ms", allMs);
            }
        }
        results.printTable();
        return 0;
    }
}
