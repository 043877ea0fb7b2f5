package io.shardline.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.testing.faults.FaultInjector.Service;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    private final FaultInjector faults = new FaultInjector();

    @Test
    void aFaultHitsOnlyItsServiceAndOperationsAndCountsDown() {
        Fault fault = faults.on(Service.KINESIS, "GetRecords").times(2).throttle();

        assertThat(fault.claims("DynamoDB", "GetRecords")).isFalse();
        assertThat(fault.claims("Kinesis", "ListShards")).isFalse();
        assertThat(fault.claims("Kinesis", "GetRecords")).isTrue();
        assertThat(fault.claims("Kinesis", "GetRecords")).isTrue();
        assertThat(fault.claims("Kinesis", "GetRecords")).isFalse();
        assertThat(fault.hits()).isEqualTo(2);
        assertThat(fault.isActive()).isFalse();
    }

    @Test
    void aRemovedFaultHitsNothing() {
        Fault fault = faults.on(Service.ANY).drop();
        assertThat(fault.claims("DynamoDB", "UpdateItem")).isTrue();

        fault.remove();

        assertThat(fault.claims("DynamoDB", "UpdateItem")).isFalse();
        assertThat(fault.isActive()).isFalse();
    }

    @Test
    void rejectsZeroTimesNamingTheValue() {
        assertThatThrownBy(() -> faults.on(Service.KINESIS).times(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("times must be >= 1, was 0");
    }

    @Test
    void rejectsAMissingServiceOrDelay() {
        assertThatThrownBy(() -> faults.on(null)).hasMessage("service");
        assertThatThrownBy(() -> faults.on(Service.KINESIS).delay(null)).hasMessage("delay");
    }
}
