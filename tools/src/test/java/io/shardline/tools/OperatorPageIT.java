package io.shardline.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.shardline.lease.Lease;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A running 3-worker fleet with a producer: {@code shardline leases move} hands a shard over gracefully while records
 * flow (zero duplicates, nothing lost), and the operator page, in headless Chromium, shows the right owner of every
 * shard, then the new owner after the move, then the split's lineage. Saves docs/images/operator-page.png. Without
 * Chromium the fleet part still runs and the browser part is reported as not run, with the reason.
 */
@WithLocalAws
class OperatorPageIT {

    private static final Path SCREENSHOT = Path.of("..", "docs", "images", "operator-page.png");

    private final LocalAws aws;

    OperatorPageIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void pageShowsOwnersAndFollowsAGracefulMoveWithZeroDuplicates(TestNames names) throws Exception {
        String stream = names.stream();
        aws.streams().create(stream, 3);
        String noBrowser = ChromeSession.unavailable();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger put = new AtomicInteger();
        try (TestFleet fleet = new TestFleet(aws, names.application(), stream, Duration.ofSeconds(60))) {
            fleet.start("worker-a");
            fleet.start("worker-b");
            fleet.start("worker-c");
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                while (producing.get()) {
                    int from = put.get();
                    aws.streams().putRecords(stream, TestFleet.records(from, from + 25, 30));
                    put.addAndGet(25);
                }
            });
            StatusCommandIT.waiting("one shard per worker").until(() -> fleet.schedulers().stream()
                    .allMatch(s -> s.ownedLeaseKeys().size() == 1));
            AwsOptions tables = fleet.awsOptions();
            FleetReader reader = FleetReader.of(tables, Duration.ofSeconds(3));
            String dlqTable = names.unique("dlq");
            aws.dynamoDb().createTable(b -> b.tableName(dlqTable).billingMode(
                    software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("id").keyType(
                            software.amazon.awssdk.services.dynamodb.model.KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(
                            software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S)));
            aws.dynamoDb().waiter().waitUntilTableExists(b -> b.tableName(dlqTable));
            try (OperatorServer server = OperatorServer.start(reader,
                    ServeCommand.deadLetterCounts(tables, dlqTable, null), "127.0.0.1", 0, Duration.ofSeconds(1));
                    ChromeSession chrome = noBrowser == null ? new ChromeSession(1440, 1000) : null) {
                assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
                if (chrome != null) {
                    chrome.open(server.uri());
                    StatusCommandIT.waiting("the page shows the lease table's owner of every shard")
                            .until(() -> pageOwners(chrome).equals(tableOwners(tables)));
                    StatusCommandIT.waiting("the page counts the (empty) dead-letter table").until(() ->
                            chrome.script("return document.getElementById('k-dlq').textContent").asText()
                                    .equals("0"));
                }

                String moved = fleet.scheduler("worker-a").ownedLeaseKeys().iterator().next();
                TestFleet.Run run = fleet.cli("leases", "move", moved, "--to", "worker-b");
                assertThat(run.status()).as(run.err()).isZero();
                assertThat(run.out().trim()).isEqualTo(moved + " worker-b");
                StatusCommandIT.waiting("worker-b runs the moved shard").until(() ->
                        fleet.scheduler("worker-b").ownedLeaseKeys().contains(moved));
                if (chrome != null) {
                    StatusCommandIT.waiting("the page shows the new owner").until(() ->
                            "worker-b".equals(pageOwners(chrome).get(moved)));
                }

                TestFleet.Run release = fleet.cli("leases", "release", moved, "--observe", "5s");
                assertThat(release.status()).as(release.err()).isZero();
                assertThat(release.out().trim()).as("back to the least-loaded live worker")
                        .isEqualTo(moved + " worker-a");

                String parent = fleet.scheduler("worker-c").ownedLeaseKeys().iterator().next();
                List<Shard> children = aws.streams().split(stream, parent);
                StatusCommandIT.waiting("the children are held").until(() -> children.stream().allMatch(c ->
                        fleet.schedulers().stream().anyMatch(s -> s.ownedLeaseKeys().contains(c.shardId()))));
                producing.set(false);
                producer.get();
                StatusCommandIT.waiting("every record processed").until(() -> fleet.distinct() == put.get());
                assertThat(fleet.duplicates()).as("records processed twice").isEmpty();
                assertThat(fleet.processed).filteredOn(p -> p.shard().equals(moved))
                        .extracting(TestFleet.Processed::worker).contains("worker-a", "worker-b");

                if (chrome != null) {
                    // Five shards (the parent and its two children included); every lease row's owner as the table
                    // has it. The finished parent's lease may already be deleted (its children are under way): its
                    // row then shows no owner.
                    StatusCommandIT.waiting("the page shows the split").until(() -> {
                        Map<String, String> owners = pageOwners(chrome);
                        Map<String, String> table = tableOwners(tables);
                        return owners.size() == 5 && owners.keySet().containsAll(table.keySet())
                                && owners.entrySet().stream().allMatch(e ->
                                        e.getValue().equals(table.getOrDefault(e.getKey(), "")));
                    });
                    StatusCommandIT.waiting("rates and lag published for every open shard").until(() ->
                            chrome.script("return document.querySelectorAll('svg.spark polyline').length")
                                    .asInt() == 5
                            && chrome.script("return Array.from(document.querySelectorAll('#shards tr[data-shard]'))"
                                    + ".filter(r => r.querySelector('.pill.open'))"
                                    + ".every(r => r.querySelector('.lagtext').textContent !== '?')").asBoolean());
                    Files.createDirectories(SCREENSHOT.getParent());
                    Files.write(SCREENSHOT, chrome.screenshot());
                }
            } finally {
                producing.set(false);
                tables.close();
            }
        }
        assumeTrue(noBrowser == null, noBrowser);
    }

    private static Map<String, String> pageOwners(ChromeSession chrome) throws Exception {
        JsonNode rows = chrome.script("return Array.from(document.querySelectorAll('#shards tr[data-shard]'))"
                + ".map(r => [r.getAttribute('data-shard'), r.querySelector('td.owner').getAttribute('data-owner')])");
        Map<String, String> owners = new HashMap<>();
        rows.forEach(r -> owners.put(r.get(0).asText(), r.get(1).asText()));
        return owners;
    }

    private static Map<String, String> tableOwners(AwsOptions aws) {
        return aws.leaseStore().list().stream()
                .collect(Collectors.toMap(Lease::leaseKey, l -> l.owner() == null ? "" : l.owner()));
    }
}
