package io.shardline.benchmarks.cost;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.RunDirectory;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.testing.LocalAws;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** {@code benchmarks/run throughput}: drain a stream filled ahead of time, one worker per system, Shardline vs KCL. */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = "Records/s and worker CPU per million records draining a pre-filled stream, one worker each.")
public final class ThroughputCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ThroughputCommand.class);

    @Option(names = "--system", defaultValue = "all", description = "shardline, kcl or all.")
    String system;

    @Option(names = "--shards", defaultValue = "8", description = "Shards of the stream.")
    int shards;

    @Option(names = "--records-per-shard", defaultValue = "12500",
            description = "User records put on each shard.")
    int recordsPerShard;

    @Option(names = "--aggregate", defaultValue = "50", description = "User records per Kinesis record (KPL "
            + "aggregates); 1 puts plain records. kinesis-mock's PutRecords slows down as the stream fills, so plain "
            + "records allow only small volumes: use e.g. --aggregate 1 --records-per-shard 2500.")
    int aggregate;

    @Option(names = "--payload-bytes", defaultValue = "100", description = "Payload size of each record.")
    int payloadBytes;

    @Option(names = "--drain-timeout-s", defaultValue = "300", description = "Longest drain of one system.")
    int drainTimeoutSeconds;

    @Override
    public Integer call() {
        if (shards < 1 || recordsPerShard < 1 || drainTimeoutSeconds < 1) {
            throw new IllegalArgumentException("--shards, --records-per-shard and --drain-timeout-s must be positive,"
                    + " were " + shards + ", " + recordsPerShard + ", " + drainTimeoutSeconds);
        }
        if (!List.of("all", "shardline", "kcl").contains(system)) {
            throw new IllegalArgumentException("--system must be shardline, kcl or all, was " + system);
        }
        Results results = new Results("throughput", System.out);
        Path runDir = RunDirectory.create("throughput");
        try (LocalAws aws = LocalAws.start()) {
            String stream = "throughput";
            List<Shard> created = aws.streams().create(stream, shards);
            long fillStart = System.nanoTime();
            Map<String, ExtendedSequenceNumber> lastPut = new StreamFiller(aws.kinesis(), payloadBytes, aggregate)
                    .fill(stream, created, recordsPerShard);
            long total = (long) shards * recordsPerShard;
            log.info("Filled {} with {} user records ({} shards, {} per Kinesis record) in {} s", stream, total, shards,
                    aggregate,
                    Duration.ofNanos(System.nanoTime() - fillStart).toSeconds());
            ThroughputScenario scenario = new ThroughputScenario(aws, results, runDir, stream, created, lastPut, total,
                    Duration.ofSeconds(drainTimeoutSeconds));
            if (!system.equals("kcl")) {
                scenario.run(CostSystems.shardline(runDir.resolve("counts")));
            }
            if (!system.equals("shardline")) {
                scenario.run(CostSystems.kcl(runDir.resolve("counts")));
            }
        }
        results.printTable();
        return 0;
    }
}
