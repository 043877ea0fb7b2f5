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
}
