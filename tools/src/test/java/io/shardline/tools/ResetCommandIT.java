package io.shardline.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.TestRecord;
import io.shardline.testing.WithLocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * {@code shardline reset --to timestamp=T} across a split: records put before T (all on the parent and the other
 * shard), then after T on the parent, then the split, then more on the children and the other shard. A fleet consumes
 * everything; the reset is refused while its worker is alive (naming it); after a graceful stop it is applied, and a
 * new worker replays exactly the records at or after T: none before, none skipped, none twice, in order per key.
 */
@WithLocalAws
class ResetCommandIT {

    private final LocalAws aws;

    ResetCommandIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void resetToATimestampAcrossASplitReplaysExactlyTheRecordsFromThen(TestNames names) throws Exception {
        String stream = names.stream();
        aws.streams().create(stream, 2);
        List<TestRecord> before = TestFleet.records(0, 80, 16);
        aws.streams().putRecords(stream, before);
        Instant putBefore = Instant.now();
        await("a second after the first records").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> Instant.now().isAfter(putBefore.plusMillis(1500)));
        Instant t = Instant.now();
        await("a second after T").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> Instant.now().isAfter(t.plusMillis(1500)));
        List<TestRecord> after = new ArrayList<>(TestFleet.records(80, 160, 16));
        aws.streams().putRecords(stream, after);
        String parent = aws.streams().listShards(stream).get(0).shardId();
        List<Shard> children = aws.streams().split(stream, parent);
        List<TestRecord> afterSplit = TestFleet.records(160, 240, 16);
        aws.streams().putRecords(stream, afterSplit);
        after.addAll(afterSplit);

        try (TestFleet fleet = new TestFleet(aws, names.application(), stream, Duration.ofSeconds(10))) {
            fleet.start("first");
            StatusCommandIT.waiting("240 records processed").until(() -> fleet.distinct() == 240);

            TestFleet.Run refused = fleet.cli("reset", "--to", "timestamp=" + t, "--apply", "--observe", "5s");
            assertThat(refused.status()).as(refused.out() + refused.err()).isEqualTo(4);
            assertThat(refused.out()).contains("REFUSED", "first");

            fleet.scheduler("first").shutdown().get(60, TimeUnit.SECONDS);
            TestFleet.Run dryRun = fleet.cli("reset", "--to", "timestamp=" + t, "--observe", "5s");
            assertThat(dryRun.status()).as(dryRun.err()).isZero();
            assertThat(dryRun.out()).contains("dry run", parent, children.get(0).shardId(),
                    children.get(1).shardId());
            TestFleet.Run applied = fleet.cli("reset", "--to", "timestamp=" + t, "--apply", "--observe", "5s");
            assertThat(applied.status()).as(applied.out() + applied.err()).isZero();
            assertThat(applied.out()).contains("applied");

            fleet.processed.clear();
            fleet.start("replay");
            StatusCommandIT.waiting("the 160 records at or after T replayed").until(() -> fleet.distinct() == 160);
            // Give a wrongly-reset shard time to deliver more than it should: every lease finished or caught up.
            StatusCommandIT.waiting("every open shard caught up, every closed one finished").until(() -> {
                var json = Json.MAPPER.readTree(fleet.cli("status", "--json", "--observe", "1s").out());
                boolean done = true;
                for (var row : json.get("shards")) {
                    boolean open = row.get("open").asBoolean();
                    done &= open ? row.get("millisBehindLatest").asLong() == 0
                            : !row.get("hasLease").asBoolean() || "SHARD_END".equals(row.get("checkpoint").asText());
                }
                return done;
            });
            List<String> replayed = fleet.processed.stream().map(TestFleet.Processed::data).toList();
            assertThat(replayed).as("exactly the records at or after T, each once")
                    .containsExactlyInAnyOrderElementsOf(after.stream().map(r -> new String(r.data(),
                            java.nio.charset.StandardCharsets.UTF_8)).toList());
            Map<String, List<Integer>> perKey = new HashMap<>();
            for (String data : replayed) {
                String key = data.substring(0, data.indexOf('#'));
                perKey.computeIfAbsent(key, k -> new ArrayList<>()).add(Integer.parseInt(
                        data.substring(data.indexOf('#') + 1)));
            }
            perKey.forEach((key, order) -> assertThat(order).as("order of %s", key).isSorted());
            Map<String, Long> byShard = fleet.processed.stream().collect(Collectors.groupingBy(
                    TestFleet.Processed::shard, Collectors.counting()));
            assertThat(byShard).as("the parent, the other shard and both children replayed")
                    .containsKeys(parent, children.get(0).shardId(), children.get(1).shardId());
        }
    }
}
