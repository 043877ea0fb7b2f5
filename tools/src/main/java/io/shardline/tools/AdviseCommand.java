package io.shardline.tools;

import io.shardline.kcl.advisor.Advice;
import io.shardline.kcl.advisor.AdvisorConfig;
import io.shardline.kcl.advisor.CapacityMode;
import io.shardline.kcl.advisor.ReshardAdvisor;
import io.shardline.kcl.advisor.ShardLoad;
import io.shardline.kcl.advisor.StreamLoad;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/**
 * {@code shardline advise}: samples every open shard with GetRecords from LATEST for {@code --window} (one call per
 * shard per second, well under the 5 calls/s a shard allows), takes the consumer's lag and rate per shard from the
 * workers' published status at the start and the end of the window when there is one, and prints the reshard
 * advisor's verdicts and recommended actions. Read-only: it makes no reshard call.
 */
@Command(name = "advise", mixinStandardHelpOptions = true,
        description = {"Why is the consumer behind, and would resharding help? Samples the stream's ingest per shard "
                + "(GetRecords from LATEST for --window), reads the workers' published lag and rate, and prints per "
                + "shard producer-hot / read-throttled / consumer-bound / cold / healthy with the split, merge or "
                + "UpdateShardCount it recommends. Read-only."})
final class AdviseCommand implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Option(names = "--window", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to sample. Default: ${DEFAULT-VALUE}.")
    Duration window;

    @Option(names = "--write-limit-records", defaultValue = "1000", paramLabel = "N",
            description = "Per-shard write limit in records/s (the AWS limit by default).")
    double writeLimitRecords;

    @Option(names = "--write-limit-bytes", defaultValue = "1048576", paramLabel = "N",
            description = "Per-shard write limit in bytes/s (the AWS limit, 1 MiB/s, by default).")
    long writeLimitBytes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            AdvisorConfig config = AdvisorConfig.builder().writeLimitRecordsPerSecond(writeLimitRecords)
                    .writeLimitBytesPerSecond(writeLimitBytes).window(window).minSamples(1).build();
            String stream = aws.requireStream();
            KinesisAsyncClient kinesis = aws.kinesis();
            var summary = kinesis.describeStreamSummary(b -> b.streamName(stream)).join().streamDescriptionSummary();
            CapacityMode mode = summary.streamModeDetails() != null
                    && summary.streamModeDetails().streamMode() == StreamMode.ON_DEMAND
                    ? CapacityMode.ON_DEMAND : CapacityMode.PROVISIONED;
            List<Shard> open = openShards(kinesis, stream);
            Map<String, FleetSnapshot.ShardRow> before = status(err);
            Map<String, Sample> samples = sample(kinesis, stream, open);
            Map<String, FleetSnapshot.ShardRow> after = status(err);
            List<ShardLoad> loads = new ArrayList<>();
            for (Shard s : open) {
                loads.add(samples.get(s.shardId()).load(s, window, before.get(s.shardId()), after.get(s.shardId())));
            }
            Advice advice = ReshardAdvisor.classify(new StreamLoad(stream, mode, summary.streamStatusAsString(),
                    loads, 0), config);
            out.println(advice);
            out.flush();
            return 0;
        } finally {
            aws.close();
        }
    }

    private Map<String, FleetSnapshot.ShardRow> status(PrintWriter err) {
        Map<String, FleetSnapshot.ShardRow> rows = new HashMap<>();
        try {
            FleetReader.of(aws, Duration.ofSeconds(3)).read().shards().forEach(r -> rows.put(r.shardId(), r));
        } catch (RuntimeException e) {
            err.println("no published worker status (" + e.getMessage() + "): judging on ingest only");
        }
        return rows;
    }

    private static List<Shard> openShards(KinesisAsyncClient kinesis, String stream) {
        List<Shard> open = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = kinesis.listShards(b -> {
                if (next == null) {
                    b.streamName(stream);
                } else {
                    b.nextToken(next);
                }
            }).join();
            page.shards().stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
                    .forEach(open::add);
            token = page.nextToken();
        } while (token != null);
        return open;
    }

    private Map<String, Sample> sample(KinesisAsyncClient kinesis, String stream, List<Shard> open)
            throws InterruptedException {
        Map<String, Sample> samples = new HashMap<>();
        for (Shard s : open) {
            Sample sample = new Sample();
            sample.iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(s.shardId())
                    .shardIteratorType(ShardIteratorType.LATEST)).join().shardIterator();
            samples.put(s.shardId(), sample);
        }
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            long round = System.nanoTime();
            for (Map.Entry<String, Sample> e : samples.entrySet()) {
                e.getValue().poll(kinesis, stream);
            }
            long rest = Duration.ofSeconds(1).toNanos() - (System.nanoTime() - round);
            if (rest > 0) {
                Thread.sleep(rest / 1_000_000L); // a CLI pacing its calls: at most one per shard per second
            }
        }
        return samples;
    }

    /** What was read from one shard during the window. */
    static final class Sample {
        String iterator;
        long records;
        long bytes;
        long throttles;
        final TreeMap<BigInteger, Long> keys = new TreeMap<>();

        void poll(KinesisAsyncClient kinesis, String stream) {
            if (iterator == null) {
                return;
            }
            try {
                GetRecordsResponse r = kinesis.getRecords(b -> b.shardIterator(iterator).limit(10_000)).join();
                for (Record record : r.records()) {
                    // GetRecords does not return explicit hash keys: the partition key MD5 stands for them.
                    add(record.partitionKey(), null, record.data().asByteArrayUnsafe().length);
                }
                iterator = r.nextShardIterator();
            } catch (CompletionException e) {
                if (e.getCause() instanceof ProvisionedThroughputExceededException) {
                    throttles++;
                } else {
                    throw e;
                }
            }
        }

        void add(String partitionKey, String explicitHashKey, int size) {
            records++;
            bytes += size;
            keys.merge(hashKey(partitionKey, explicitHashKey), 1L, Long::sum);
        }

        ShardLoad load(Shard shard, Duration window, FleetSnapshot.ShardRow before, FleetSnapshot.ShardRow after) {
            double seconds = window.toMillis() / 1000.0;
            long lag = after == null ? -1 : after.millisBehindLatest();
            double trend = before == null || after == null || before.millisBehindLatest() < 0 || lag < 0 ? 0
                    : (lag - before.millisBehindLatest()) / seconds;
            double processed = after == null ? 0 : after.recordsPerSecond();
            return new ShardLoad(shard.shardId(), new BigInteger(shard.hashKeyRange().startingHashKey()),
                    new BigInteger(shard.hashKeyRange().endingHashKey()), records / seconds, bytes / seconds,
                    processed, lag, trend, throttles / seconds, keys, records, true);
        }
    }

    static BigInteger hashKey(String partitionKey, String explicitHashKey) {
        if (explicitHashKey != null && !explicitHashKey.isEmpty()) {
            return new BigInteger(explicitHashKey);
        }
        try {
            return new BigInteger(1, MessageDigest.getInstance("MD5")
                    .digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }
}
