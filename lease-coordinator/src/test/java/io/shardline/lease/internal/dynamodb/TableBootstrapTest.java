package io.shardline.lease.internal.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.LeaseTableConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * The requests that apply the table settings (dynalite emulates tags, but not deletion protection nor point-in-time
 * recovery, so the requests are checked here and {@code DynamoDbLeaseStoreIT} checks what dynalite does).
 */
class TableBootstrapTest {

    private static final DynamoDbAsyncClient NO_CALLS = DynamoDbAsyncClient.builder()
            .region(software.amazon.awssdk.regions.Region.US_EAST_1).build();

    @Test
    void defaultsAskForNoneOfTheOptionalSettings() {
        TableBootstrap bootstrap = new TableBootstrap(NO_CALLS, LeaseTableConfig.of("orders-app"));

        assertThat(create(bootstrap).deletionProtectionEnabled()).isNull();
        assertThat(bootstrap.tagRequest("arn:aws:dynamodb:us-east-1:1:table/orders-app")).isNull();
        assertThat(bootstrap.continuousBackupsRequest("orders-app")).isNull();
    }

    @Test
    void settingsBecomeTheirRequests() {
        LeaseTableConfig config = LeaseTableConfig.builder("orders-app").tag("team", "payments").tag("env", "prod")
                .deletionProtection(true).pointInTimeRecovery(true).build();
        TableBootstrap bootstrap = new TableBootstrap(NO_CALLS, config);

        assertThat(create(bootstrap).deletionProtectionEnabled()).isTrue();
        var tags = bootstrap.tagRequest("arn:aws:dynamodb:us-east-1:1:table/orders-app");
        assertThat(tags.resourceArn()).isEqualTo("arn:aws:dynamodb:us-east-1:1:table/orders-app");
        assertThat(tags.tags()).containsExactly(Tag.builder().key("env").value("prod").build(),
                Tag.builder().key("team").value("payments").build());
        var backups = bootstrap.continuousBackupsRequest("orders-app");
        assertThat(backups.tableName()).isEqualTo("orders-app");
        assertThat(backups.pointInTimeRecoverySpecification().pointInTimeRecoveryEnabled()).isTrue();
    }

    private static CreateTableRequest create(TableBootstrap bootstrap) {
        return bootstrap.createRequest("orders-app", "leaseKey", List.of(), List.of());
    }
}
