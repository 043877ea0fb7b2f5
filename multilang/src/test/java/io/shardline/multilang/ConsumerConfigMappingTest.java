package io.shardline.multilang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.RetrievalConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

class ConsumerConfigMappingTest {

    private static KinesisAsyncClient kinesis;
    private static DynamoDbAsyncClient dynamoDb;

    @BeforeAll
    static void clients() {
        kinesis = KinesisAsyncClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
        dynamoDb = DynamoDbAsyncClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }

    @AfterAll
    static void closeClients() {
        kinesis.close();
        dynamoDb.close();
    }

    private static MultiLangConfig.Builder base() {
        return MultiLangConfig.builder().command(List.of("node", "app.js")).workingDirectory(Path.of("."))
                .applicationName("app").streamName("stream");
    }

    @Test
    void failoverTimeBecomesTheFailoverTimeoutWithHeartbeatsAtAThird() {
        ConsumerConfig config = map(base().failoverTime(Duration.ofSeconds(12)).workerId("w-7").build());

        assertThat(config.leaseCoordinatorConfig().failoverTimeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(config.leaseCoordinatorConfig().heartbeatInterval()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.leaseCoordinatorConfig().foreignOwnerTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.leaseCoordinatorConfig().workerId()).isEqualTo("w-7");
    }

    @Test
    void aLongFailoverStretchesTheTimingsThatMustExceedIt() {
        ConsumerConfig config = map(base().failoverTime(Duration.ofSeconds(60)).build());

        assertThat(config.leaseCoordinatorConfig().heartbeatInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.leaseCoordinatorConfig().handoffTimeout()).isEqualTo(Duration.ofSeconds(40));
        assertThat(config.leaseCoordinatorConfig().leaseScanInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.leaseCoordinatorConfig().foreignOwnerTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void pollingPropertiesBecomeThePollingRetrievalConfig() {
        ConsumerConfig config = map(base().maxRecords(250).idleTimeBetweenReads(Duration.ofMillis(300))
                .shardSyncInterval(Duration.ofSeconds(5)).initialPosition(StartingPosition.trimHorizon()).build());

        assertThat(config.retrievalConfig().mode()).isEqualTo(RetrievalConfig.Mode.POLLING);
        assertThat(config.retrievalConfig().maxRecordsPerCall()).isEqualTo(250);
        assertThat(config.retrievalConfig().idleInterval()).isEqualTo(Duration.ofMillis(300));
        assertThat(config.shardSyncInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.initialPosition()).isEqualTo(StartingPosition.trimHorizon());
        assertThat(config.processingThreads()).isEqualTo(ConsumerConfigMapping.DEFAULT_PROCESSING_THREADS);
    }

    @Test
    void fanOutUsesAConsumerNamedAfterTheApplicationAndTableNameNamesTheLeaseTable() {
        ConsumerConfig config = map(base().retrievalMode(MultiLangConfig.RetrievalMode.FANOUT).tableName("leases")
                .maxActiveThreads(9).build());

        assertThat(config.retrievalConfig().mode()).isEqualTo(RetrievalConfig.Mode.FAN_OUT);
        assertThat(config.retrievalConfig().consumerName()).isEqualTo("app");
        assertThat(config.leaseTableConfig().tableName()).isEqualTo("leases");
        assertThat(config.processingThreads()).isEqualTo(9);
    }

    @Test
    void aFailoverTooShortForHeartbeatsFailsNamingTheProperty() {
        assertThatThrownBy(() -> base().failoverTime(Duration.ofMillis(200)).build())
                .hasMessageContaining("property failoverTimeMillis must be >= 300").hasMessageContaining("was 200");
    }

    private static ConsumerConfig map(MultiLangConfig config) {
        return ConsumerConfigMapping.toConsumerConfig(config, kinesis, dynamoDb, shard -> {
            throw new AssertionError("not called");
        });
    }
}
