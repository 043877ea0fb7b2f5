package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseTableConfigTest {

    @Test
    void defaultsArePayPerRequestWithADerivedCoordinationTable() {
        LeaseTableConfig config = LeaseTableConfig.of("orders-app");

        assertThat(config.tableName()).isEqualTo("orders-app");
        assertThat(config.coordinationTableName()).isEqualTo("orders-app-coordination");
        assertThat(config.billingMode()).isEqualTo(LeaseTableConfig.BillingMode.PAY_PER_REQUEST);
        assertThat(config.readCapacity()).isZero();
        assertThat(config.tableCreationTimeout()).isEqualTo(LeaseTableConfig.DEFAULT_TABLE_CREATION_TIMEOUT);
    }

    @Test
    void toBuilderCopiesEveryField() {
        LeaseTableConfig config = LeaseTableConfig.builder("orders-app").coordinationTableName("orders-coord")
                .provisioned(10, 5).tableCreationTimeout(Duration.ofSeconds(30)).build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.toBuilder().tableName("other").build().coordinationTableName()).isEqualTo("orders-coord");
    }

    @Test
    void tableSettingsAreOffByDefaultAndCopied() {
        assertThat(LeaseTableConfig.of("orders-app").tags()).isEmpty();
        assertThat(LeaseTableConfig.of("orders-app").deletionProtection()).isFalse();
        assertThat(LeaseTableConfig.of("orders-app").pointInTimeRecovery()).isFalse();
        java.util.function.Consumer<String> callback = table -> { };
        LeaseTableConfig config = LeaseTableConfig.builder("orders-app").tag("team", "payments")
                .deletionProtection(true).pointInTimeRecovery(true).onTableCreated(callback).build();

        assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
        assertThat(config.tags()).containsEntry("team", "payments");
        assertThat(config.onTableCreated()).isSameAs(callback);
        assertThat(config.toBuilder().deletionProtection(false).build()).isNotEqualTo(config);
    }

    @Test
    void rejectsBadTagsNamingThem() {
        assertThatThrownBy(() -> LeaseTableConfig.builder("orders-app").tag("aws:owner", "x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tags")
                .hasMessageContaining("'aws:owner'");
        assertThatThrownBy(() -> LeaseTableConfig.builder("orders-app").tag("team", "v".repeat(257)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value of team 257 characters");
        assertThatThrownBy(() -> LeaseTableConfig.builder("orders-app").onTableCreated(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onTableCreated");
    }

    @Test
    void derivedCoordinationTableFollowsARenamedLeaseTable() {
        LeaseTableConfig renamed = LeaseTableConfig.of("orders-app").toBuilder().tableName("billing-app").build();

        assertThat(renamed.coordinationTableName()).isEqualTo("billing-app-coordination");
    }

    @Test
    void provisionedNeedsCapacityOnBothSides() {
        assertThatThrownBy(() -> LeaseTableConfig.builder("orders-app").billingMode(
                LeaseTableConfig.BillingMode.PROVISIONED).readCapacity(5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writeCapacity").hasMessageContaining("was 0");
    }

    @Test
    void payPerRequestRejectsCapacity() {
        assertThatThrownBy(() -> LeaseTableConfig.builder("orders-app").readCapacity(5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("readCapacity").hasMessageContaining("was 5");
        assertThat(LeaseTableConfig.builder("orders-app").provisioned(5, 5).payPerRequest().build().readCapacity())
                .isZero();
    }

    @Test
    void badValuesNameTheFieldAndTheValue() {
        assertThatThrownBy(() -> LeaseTableConfig.of("ab"))
                .hasMessageContaining("tableName").hasMessageContaining("'ab'");
        assertThatThrownBy(() -> LeaseTableConfig.of("orders app"))
                .hasMessageContaining("tableName").hasMessageContaining("'orders app'");
        assertThatThrownBy(() -> LeaseTableConfig.of(null)).hasMessageContaining("tableName");
        assertThatThrownBy(() -> LeaseTableConfig.builder("orders").coordinationTableName("orders").build())
                .hasMessageContaining("coordinationTableName").hasMessageContaining("orders");
        assertThatThrownBy(() -> LeaseTableConfig.builder("orders").tableCreationTimeout(Duration.ZERO).build())
                .hasMessageContaining("tableCreationTimeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> LeaseTableConfig.builder("orders").billingMode(null).build())
                .hasMessageContaining("billingMode");
        assertThatThrownBy(() -> LeaseTableConfig.of("x".repeat(250)))
                .hasMessageContaining("coordinationTableName (derived)");
    }

    @Test
    void rejectsACoordinationTableNameThatIsNoTableName() {
        assertRejected(LeaseTableConfig.builder("orders").coordinationTableName("co ord"), "coordinationTableName",
                "was 'co ord'");
    }

    @Test
    void rejectsProvisionedWithoutReadCapacity() {
        assertRejected(LeaseTableConfig.builder("orders").billingMode(LeaseTableConfig.BillingMode.PROVISIONED)
                .writeCapacity(5), "readCapacity", "was 0");
    }

    @Test
    void rejectsWriteCapacityWithPayPerRequest() {
        assertRejected(LeaseTableConfig.builder("orders").writeCapacity(3), "writeCapacity", "was 3");
    }

    @Test
    void rejectsAMissingBillingMode() {
        assertRejected(LeaseTableConfig.builder("orders").billingMode(null), "billingMode", "was null");
    }

    @Test
    void rejectsAMissingOrNegativeTableCreationTimeout() {
        assertRejected(LeaseTableConfig.builder("orders").tableCreationTimeout(null), "tableCreationTimeout",
                "was null");
        assertRejected(LeaseTableConfig.builder("orders").tableCreationTimeout(Duration.ofSeconds(-5)),
                "tableCreationTimeout", "was PT-5S");
    }

    @Test
    void rejectsATooShortTableName() {
        assertRejected(LeaseTableConfig.builder("ab"), "tableName", "was 'ab'");
    }

    private static void assertRejected(LeaseTableConfig.Builder builder, String field, String value) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("LeaseTableConfig." + field).hasMessageContaining(value);
    }

    @Test
    void statusTableDefaultsToTableNameWithSuffixAndFollowsARename() {
        LeaseTableConfig config = LeaseTableConfig.builder("orders-app").build();

        assertThat(config.statusTableName()).isEqualTo("orders-app-status");
        assertThat(config.toBuilder().tableName("billing").build().statusTableName()).isEqualTo("billing-status");
        LeaseTableConfig explicit = config.toBuilder().statusTableName("orders-stat").build();
        assertThat(explicit.toBuilder().tableName("other").build().statusTableName()).isEqualTo("orders-stat");
        assertThat(explicit).isNotEqualTo(config);
    }

    @Test
    void statusTableMustDifferFromTheOtherTwo() {
        assertThatThrownBy(() -> LeaseTableConfig.builder("orders").statusTableName("orders-coordination").build())
                .hasMessageContaining("statusTableName").hasMessageContaining("orders-coordination");
        assertThatThrownBy(() -> LeaseTableConfig.builder("orders").statusTableName("st atus").build())
                .hasMessageContaining("statusTableName").hasMessageContaining("st atus");
    }
}
