package io.shardline.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.testing.faults.FaultInjector.Service;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;

class FaultInjectorTest {

    private static final SdkRequest ANY_REQUEST = GetRecordsRequest.builder().shardIterator("i").build();

    private final FaultInjector faults = new FaultInjector();

    @Test
    void aTableFaultHitsOnlyThatTablesRequests() {
        Fault fault = faults.on(Service.DYNAMODB, "UpdateItem").onTable("leases").serverError();

        assertThat(fault.claims("DynamoDB", "UpdateItem", UpdateItemRequest.builder().tableName("leases").build()))
                .isTrue();
        assertThat(fault.claims("DynamoDB", "UpdateItem",
                UpdateItemRequest.builder().tableName("leases-coordination").build())).isFalse();
        assertThat(fault.claims("DynamoDB", "UpdateItem", ANY_REQUEST)).as("a request without a table").isFalse();
        assertThat(fault.hits()).isEqualTo(1);
    }

    @Test
    void aFaultHitsOnlyItsServiceAndOperationsAndCountsDown() {
        Fault fault = faults.on(Service.KINESIS, "GetRecords").times(2).throttle();

        assertThat(fault.claims("DynamoDB", "GetRecords", ANY_REQUEST)).isFalse();
        assertThat(fault.claims("Kinesis", "ListShards", ANY_REQUEST)).isFalse();
        assertThat(fault.claims("Kinesis", "GetRecords", ANY_REQUEST)).isTrue();
        assertThat(fault.claims("Kinesis", "GetRecords", ANY_REQUEST)).isTrue();
        assertThat(fault.claims("Kinesis", "GetRecords", ANY_REQUEST)).isFalse();
        assertThat(fault.hits()).isEqualTo(2);
        assertThat(fault.isActive()).isFalse();
    }

    @Test
    void aRemovedFaultHitsNothing() {
        Fault fault = faults.on(Service.ANY).drop();
        assertThat(fault.claims("DynamoDB", "UpdateItem", ANY_REQUEST)).isTrue();

        fault.remove();

        assertThat(fault.claims("DynamoDB", "UpdateItem", ANY_REQUEST)).isFalse();
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
