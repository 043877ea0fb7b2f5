package io.shardline.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.TestRecord;
import io.shardline.testing.WithLocalAws;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code shardline advise} while a worker consumes and a producer keeps one shard hot on a narrow key range: the
 * command samples the stream and advises a split of that shard. kinesis-mock has no write limit, so the command's
 * record limit is set to 40 records/s (its default is the AWS limit).
 */
@WithLocalAws
class AdviseCommandIT {

    private static final BigInteger BAND_START = BigInteger.ONE.shiftLeft(124);
    private static final BigInteger BAND_END = BAND_START.add(BigInteger.ONE.shiftLeft(122));

    private final LocalAws aws;

    AdviseCommandIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void advisesSplittingTheHotShardInsideItsHotRange(TestNames names) throws Exception {
        String stream = names.stream();
        aws.streams().create(stream, 2);
        List<String> hot = new ArrayList<>();
        for (int i = 0; hot.size() < 20; i++) {
            BigInteger h = AdviseCommand.hashKey("hot-" + i, null);
            if (h.compareTo(BAND_START) >= 0 && h.compareTo(BAND_END) < 0) {
                hot.add("hot-" + i);
            }
        }
        ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger tick = new AtomicInteger();
        try (TestFleet fleet = new TestFleet(aws, names.application(), stream, Duration.ofSeconds(5))) {
            fleet.start("a");
            producer.scheduleAtFixedRate(() -> {
                int t = tick.getAndIncrement();
                List<TestRecord> batch = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    batch.add(TestRecord.of(hot.get((t + i) % hot.size()), "h" + t + "-" + i));
                }
                aws.streams().putRecords(stream, batch);
            }, 0, 100, TimeUnit.MILLISECONDS);
            await("the producer running").atMost(Duration.ofSeconds(60)).until(() -> tick.get() >= 10);

            TestFleet.Run run = fleet.cli("advise", "--window", "6s", "--write-limit-records", "40");
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).contains("shardId-000000000000 PRODUCER_HOT", "Split[shardId=shardId-000000000000");
            String key = run.out().replaceAll("(?s).*newStartingHashKey=(\\d+).*", "$1");
            BigInteger split = new BigInteger(key);
            assertThat(split).isGreaterThan(BAND_START).isLessThan(BAND_END);
        } finally {
            producer.shutdownNow();
        }
    }
}
