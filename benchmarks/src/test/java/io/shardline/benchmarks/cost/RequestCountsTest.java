package io.shardline.benchmarks.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestCountsTest {

    @Test
    void countsOnlyPutUpdateDeleteAndBatchOrTransactWritesAsWrites() {
        assertThat(DynamoDbOperations.isWrite("PutItem")).isTrue();
        assertThat(DynamoDbOperations.isWrite("UpdateItem")).isTrue();
        assertThat(DynamoDbOperations.isWrite("DeleteItem")).isTrue();
        assertThat(DynamoDbOperations.isWrite("BatchWriteItem")).isTrue();
        assertThat(DynamoDbOperations.isWrite("TransactWriteItems")).isTrue();
        assertThat(DynamoDbOperations.isWrite("GetItem")).isFalse();
        assertThat(DynamoDbOperations.isWrite("Query")).isFalse();
        assertThat(DynamoDbOperations.isWrite("Scan")).isFalse();
        assertThat(DynamoDbOperations.isWrite("DescribeTable")).isFalse();
    }

    @Test
    void formatsAndParsesBackTheSameSnapshot() {
        RequestCounts counts = new RequestCounts(1_000, Map.of("GetItem", 3L, "UpdateItem", 7L));

        RequestCounts parsed = RequestCounts.parse(counts.format());

        assertThat(parsed).isEqualTo(counts);
        assertThat(parsed.total()).isEqualTo(10);
        assertThat(parsed.writes()).isEqualTo(7);
    }

    @Test
    void ratesOfAWindowAreTheDifferencesOverTheTimeBetweenSnapshots() {
        RequestCounts start = new RequestCounts(10_000, Map.of("Query", 5L, "UpdateItem", 10L));
        RequestCounts end = new RequestCounts(30_000, Map.of("Query", 25L, "UpdateItem", 30L, "PutItem", 2L));

        RequestWindow window = end.since(start);

        assertThat(window.millis()).isEqualTo(20_000);
        assertThat(window.counts()).containsOnly(Map.entry("Query", 20L), Map.entry("UpdateItem", 20L),
                Map.entry("PutItem", 2L));
        assertThat(window.requestsPerSecond()).isCloseTo(2.1, within(1e-9));
        assertThat(window.writesPerSecond()).isCloseTo(1.1, within(1e-9));
    }

    @Test
    void rejectsSnapshotsOutOfOrderOrFromAnotherProcess() {
        RequestCounts early = new RequestCounts(1_000, Map.of("Query", 5L));
        RequestCounts late = new RequestCounts(2_000, Map.of("Query", 4L));

        assertThatThrownBy(() -> early.since(late)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after");
        assertThatThrownBy(() -> late.since(early)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Query went down from 5 to 4");
    }

    @Test
    void parseNamesTheBadLine() {
        assertThatThrownBy(() -> RequestCounts.parse("at=5\nGetItem=x\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'GetItem=x'");
        assertThatThrownBy(() -> RequestCounts.parse("GetItem=1\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'at='");
    }

    @Test
    void counterSnapshotsWhatItCounted() {
        DynamoDbRequestCounter counter = new DynamoDbRequestCounter();
        counter.count("UpdateItem");
        counter.count("UpdateItem");
        counter.count("GetItem");

        RequestCounts snapshot = counter.snapshot(42);

        assertThat(snapshot.atMillis()).isEqualTo(42);
        assertThat(snapshot.counts()).containsOnly(Map.entry("UpdateItem", 2L), Map.entry("GetItem", 1L));
    }

    @Test
    void aSnapshotThatDidNotAdvanceGivesNoWindowInsteadOfFailing() {
        RequestCounts stale = new RequestCounts(5_000, Map.of("UpdateItem", 3L));

        assertThat(stale.windowSince(stale)).isEmpty();
        assertThatThrownBy(() -> stale.since(stale)).hasMessageContaining("was 0");
        assertThat(new RequestCounts(6_000, Map.of("UpdateItem", 4L)).windowSince(stale)).get()
                .extracting(RequestWindow::millis).isEqualTo(1_000L);
    }

    @Test
    void leaseTableCostAtOnDemandPrices() {
        // 1 write/s for 730 h = 2.628 M writes = 1.6425 USD; 1 read/s = 0.3285 USD.
        assertThat(LeaseTableCost.usdPerMonth(1, 0)).isCloseTo(1.6425, within(1e-9));
        assertThat(LeaseTableCost.usdPerMonth(0, 1)).isCloseTo(0.3285, within(1e-9));
        assertThatThrownBy(() -> LeaseTableCost.usdPerMonth(-1, 0)).hasMessageContaining("writesPerSecond=-1");
    }
}
