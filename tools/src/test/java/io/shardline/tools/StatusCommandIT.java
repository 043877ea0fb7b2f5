package io.shardline.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * {@code shardline status} against a fleet that lost a worker (killed: no handoff) and whose stream split a shard: the
 * dead worker is reported dead, the survivor alive and leading, the parent closed with its two children, every lease
 * owned by the survivor, the published lag and phase shown; the human table says the same.
 */
@WithLocalAws
class StatusCommandIT {

    private final LocalAws aws;

    StatusCommandIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void statusAfterAKillAndASplit(TestNames names) throws Exception {
        String stream = names.stream();
        aws.streams().create(stream, 2);
        aws.streams().putRecords(stream, TestFleet.records(0, 100, 20));
        // A long lease scan keeps the dead member's item (deleted after failoverTimeout + leaseScanInterval).
        try (TestFleet fleet = new TestFleet(aws, names.application(), stream, Duration.ofSeconds(60))) {
            fleet.start("a");
            fleet.start("b");
            waiting("100 records processed, both workers holding a shard").until(() -> fleet.distinct() == 100
                    && !fleet.scheduler("a").ownedLeaseKeys().isEmpty()
                    && !fleet.scheduler("b").ownedLeaseKeys().isEmpty());
            fleet.scheduler("b").close();
            waiting("a took b's shard").until(() -> fleet.scheduler("a").ownedLeaseKeys().size() == 2);

            List<Shard> shards = aws.streams().listShards(stream);
            String parent = shards.get(0).shardId();
            List<Shard> children = aws.streams().split(stream, parent);
            aws.streams().putRecords(stream, TestFleet.records(100, 200, 20));
            AwsOptions tables = fleet.awsOptions();
            waiting("200 records processed, the parent finished, both children held by a").until(() ->
                    fleet.distinct() == 200
                    && fleet.scheduler("a").ownedLeaseKeys().containsAll(
                            children.stream().map(Shard::shardId).toList())
                    && tables.leaseStore().get(parent).map(l -> l.checkpoint() != null && l.checkpoint().isShardEnd()).orElse(false));
            tables.close();

            TestFleet.Run run = fleet.cli("status", "--json", "--observe", "5s");
            assertThat(run.status()).as(run.err()).isZero();
            JsonNode json = Json.MAPPER.readTree(run.out());
            Map<String, JsonNode> workers = StreamSupport.stream(json.get("workers").spliterator(), false)
                    .collect(Collectors.toMap(w -> w.get("workerId").asText(), w -> w));
            assertThat(workers.get("a").get("liveness").asText()).isEqualTo("alive");
            assertThat(workers.get("a").get("leader").asBoolean()).isTrue();
            assertThat(workers.get("b").get("liveness").asText()).isEqualTo("dead");
            assertThat(workers.get("b").get("leases").asInt()).isZero();

            Map<String, JsonNode> rows = StreamSupport.stream(json.get("shards").spliterator(), false)
                    .collect(Collectors.toMap(s -> s.get("shardId").asText(), s -> s));
            assertThat(rows).hasSize(4);
            JsonNode parentRow = rows.get(parent);
            assertThat(parentRow.get("open").asBoolean()).isFalse();
            // The leader deletes a finished parent's lease once its children run (lease cleanup): either is fine.
            assertThat(!parentRow.get("hasLease").asBoolean()
                    || parentRow.get("checkpoint").asText().equals("SHARD_END")).as(run.out()).isTrue();
            assertThat(texts(parentRow.get("children")))
                    .containsExactlyInAnyOrderElementsOf(children.stream().map(Shard::shardId).toList());
            for (Shard child : children) {
                JsonNode row = rows.get(child.shardId());
                assertThat(row.get("open").asBoolean()).isTrue();
                assertThat(texts(row.get("parents"))).containsExactly(parent);
                assertThat(row.get("owner").asText()).isEqualTo("a");
                assertThat(row.get("ownerLiveness").asText()).isEqualTo("alive");
                assertThat(row.get("phase").asText()).isEqualTo("PROCESSING");
                assertThat(row.get("millisBehindLatest").asLong()).isGreaterThanOrEqualTo(0);
            }
            assertThat(json.get("totals").get("openShards").asInt()).isEqualTo(3);
            assertThat(json.get("totals").get("aliveWorkers").asInt()).isEqualTo(1);

            TestFleet.Run table = fleet.cli("status", "--observe", "5s");
            assertThat(table.status()).isZero();
            assertThat(table.out()).contains("SHARD", "PARENTS", "OWNER", parent, "closed")
                    .containsPattern("(?m)^b\\s+0\\s+dead")
                    .contains("4 shards (3 open)");

            TestFleet.Run release = fleet.cli("leases", "release", children.get(0).shardId(), "--observe", "5s");
            assertThat(release.status()).as("b is dead: nobody to release to").isEqualTo(2);
            assertThat(release.err()).contains("no other live worker", "b dead");
        }
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    static org.awaitility.core.ConditionFactory waiting(String what) {
        return await(what).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100));
    }
}
