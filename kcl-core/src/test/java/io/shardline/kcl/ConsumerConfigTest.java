package io.shardline.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Metrics;
import io.shardline.checkpoint.CheckpointerConfig;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.lease.StoreResilienceConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsumerConfigTest {

    private static final ShardRecordProcessorFactory PROCESSORS = shardId -> null;

    private static ConsumerConfig.Builder valid() {
        return ConsumerConfig.builder()
                .applicationName("orders-app")
                .streamName("orders")
                .kinesisClient(StubClients.kinesis())
                .dynamoDbClient(StubClients.dynamoDb())
                .processorFactory(PROCESSORS);
    }

    @Test
    void defaultsAreDocumented() {
        ConsumerConfig config = valid().build();

        assertThat(config.initialPosition()).isEqualTo(StartingPosition.latest());
        assertThat(config.leaseTableConfig()).isEqualTo(LeaseTableConfig.of("orders-app"));
        assertThat(config.leaseTableConfig().coordinationTableName()).isEqualTo("orders-app-coordination");
        assertThat(config.retrievalConfig()).isEqualTo(RetrievalConfig.defaults());
        assertThat(config.checkpointerConfig()).isEqualTo(CheckpointerConfig.defaults());
        assertThat(config.storeResilienceConfig()).isEqualTo(StoreResilienceConfig.defaults());
        assertThat(config.meterRegistry()).isSameAs(Metrics.globalRegistry);
        assertThat(config.shardSyncInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.parentShardPollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.processingThreads())
                .isEqualTo(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
        assertThat(config.leaseCoordinatorConfig().autoCompleteHandoff()).isFalse();
        assertThat(config.stream()).isEqualTo("orders");
        assertThat(config.failurePolicy()).isEqualTo(FailurePolicy.defaults());
    }

    @Test
    void toBuilderCopiesEveryValueAndDerivesTheDerivedOnesAgain() {
        LeaseCoordinatorConfig coordinator = LeaseCoordinatorConfig.builder().workerId("w1").build();
        ConsumerConfig config = valid().initialPosition(StartingPosition.trimHorizon())
                .leaseCoordinatorConfig(coordinator).processingThreads(3).build();

        ConsumerConfig copy = config.toBuilder().build();
        ConsumerConfig renamed = config.toBuilder().applicationName("billing-app").build();

        assertThat(copy.toString()).isEqualTo(config.toString());
        assertThat(copy.leaseCoordinatorConfig()).isSameAs(coordinator);
        assertThat(renamed.leaseTableConfig().tableName()).isEqualTo("billing-app");
    }

    @Test
    void eachBuildWithoutACoordinatorConfigGetsItsOwnWorkerId() {
        ConsumerConfig config = valid().build();

        assertThat(config.toBuilder().build().leaseCoordinatorConfig().workerId())
                .isNotEqualTo(config.leaseCoordinatorConfig().workerId());
    }

    @Test
    void takesTheStreamByArn() {
        ConsumerConfig config = valid().streamArn("arn:aws:kinesis:us-east-1:1:stream/orders").build();

        assertThat(config.streamName()).isNull();
        assertThat(config.stream()).isEqualTo("arn:aws:kinesis:us-east-1:1:stream/orders");
    }

    @Test
    void rejectsAMissingApplicationName() {
        assertInvalid(valid().applicationName(null), "ConsumerConfig.applicationName", "was null");
    }

    @Test
    void rejectsABlankApplicationName() {
        assertInvalid(valid().applicationName("  "), "ConsumerConfig.applicationName", "was '  '");
    }

    @Test
    void rejectsAnApplicationNameThatIsNoTableName() {
        assertInvalid(valid().applicationName("orders app!"), "ConsumerConfig.applicationName",
                "'orders app!'");
    }

    @Test
    void acceptsAnyApplicationNameWithAnExplicitLeaseTable() {
        assertThat(valid().applicationName("orders app!").leaseTableConfig(LeaseTableConfig.of("orders")).build()
                .leaseTableConfig().tableName()).isEqualTo("orders");
    }

    @Test
    void rejectsAMissingStream() {
        assertInvalid(valid().streamName(null), "ConsumerConfig.streamName", "or streamArn is required");
    }

    @Test
    void rejectsAnArnGivenAsStreamName() {
        assertInvalid(valid().streamName("arn:aws:kinesis:x"), "ConsumerConfig.streamName",
                "was 'arn:aws:kinesis:x'");
    }

    @Test
    void rejectsABlankStreamName() {
        assertInvalid(valid().streamName(" "), "ConsumerConfig.streamName", "was ' '");
    }

    @Test
    void rejectsAStreamArnThatIsNoArn() {
        assertInvalid(valid().streamArn("orders"), "ConsumerConfig.streamArn", "was 'orders'");
    }

    @Test
    void rejectsAMissingKinesisClient() {
        assertInvalid(valid().kinesisClient(null), "ConsumerConfig.kinesisClient", "was null");
    }

    @Test
    void rejectsAMissingDynamoDbClient() {
        assertInvalid(valid().dynamoDbClient(null), "ConsumerConfig.dynamoDbClient", "was null");
    }

    @Test
    void rejectsAMissingProcessorFactory() {
        assertInvalid(valid().processorFactory(null), "ConsumerConfig.processorFactory", "was null");
    }

    @Test
    void rejectsAnInitialPositionAtASequenceNumber() {
        assertInvalid(valid().initialPosition(StartingPosition.afterSequenceNumber(ExtendedSequenceNumber.of("1"))),
                "ConsumerConfig.initialPosition", "was AFTER_SEQUENCE_NUMBER(1)");
    }

    @Test
    void acceptsAnInitialPositionAtATimestamp() {
        Instant at = Instant.parse("2024-01-01T00:00:00Z");
        assertThat(valid().initialPosition(StartingPosition.atTimestamp(at)).build().initialPosition().timestamp())
                .isEqualTo(at);
    }

    @Test
    void rejectsAMissingInitialPosition() {
        assertInvalid(valid().initialPosition(null), "ConsumerConfig.initialPosition", "was null");
    }

    @Test
    void rejectsAMissingRetrievalConfig() {
        assertInvalid(valid().retrievalConfig(null), "ConsumerConfig.retrievalConfig", "was null");
    }

    @Test
    void rejectsAMissingMeterRegistry() {
        assertInvalid(valid().meterRegistry(null), "ConsumerConfig.meterRegistry", "was null");
    }

    @Test
    void rejectsAMissingCheckpointerConfig() {
        assertInvalid(valid().checkpointerConfig(null), "ConsumerConfig.checkpointerConfig", "was null");
    }

    @Test
    void rejectsAMissingStoreResilienceConfig() {
        assertInvalid(valid().storeResilienceConfig(null), "ConsumerConfig.storeResilienceConfig", "was null");
    }

    @Test
    void rejectsAMissingFailurePolicy() {
        assertInvalid(valid().failurePolicy(null), "ConsumerConfig.failurePolicy", "was null");
    }

    @Test
    void rejectsAZeroShardSyncInterval() {
        assertInvalid(valid().shardSyncInterval(Duration.ZERO), "ConsumerConfig.shardSyncInterval", "was PT0S");
    }

    @Test
    void rejectsANegativeParentShardPollInterval() {
        assertInvalid(valid().parentShardPollInterval(Duration.ofSeconds(-1)),
                "ConsumerConfig.parentShardPollInterval", "was PT-1S");
    }

    @Test
    void rejectsZeroProcessingThreads() {
        assertInvalid(valid().processingThreads(0), "ConsumerConfig.processingThreads", "was 0");
    }

    @Test
    void rejectsACoordinatorThatCompletesHandoffsItself() {
        assertInvalid(valid().leaseCoordinatorConfig(LeaseCoordinatorConfig.builder().autoCompleteHandoff(true)
                .build()), "ConsumerConfig.leaseCoordinatorConfig.autoCompleteHandoff", "was true");
    }

    @Test
    void startupTimeoutDefaultsToTenSecondsAndMustBePositive() {
        assertThat(valid().build().startupTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(valid().startupTimeout(Duration.ofSeconds(30)).build().toBuilder().build().startupTimeout())
                .isEqualTo(Duration.ofSeconds(30));
        assertInvalid(valid().startupTimeout(Duration.ofSeconds(-5)), "ConsumerConfig.startupTimeout", "was PT-5S");
    }

    @Test
    void workerStateListenerIsRequiredAndCopied() {
        WorkerStateListener listener = event -> { };
        assertThat(valid().workerStateListener(listener).build().toBuilder().build().workerStateListener())
                .isSameAs(listener);
        assertInvalid(valid().workerStateListener(null), "ConsumerConfig.workerStateListener", "was null");
    }

    private static void assertInvalid(ConsumerConfig.Builder builder, String field, String value) {
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field)
                .hasMessageContaining(value);
    }

    @Test
    void lanesDeriveApplicationStreamRegistryAndPolicyFromTheConsumer() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        FailurePolicy policy = FailurePolicy.builder().maxAttempts(2).build();

        ConsumerConfig config = valid().processorFactory(null).meterRegistry(registry).failurePolicy(policy)
                .lanes(() -> record -> { }, LanesConfig.builder().lanes(50).build())
                .build();

        LanesConfig lanes = config.lanes().orElseThrow();
        assertThat(lanes.lanes()).isEqualTo(50);
        assertThat(lanes.applicationName()).isEqualTo("orders-app");
        assertThat(lanes.streamName()).isEqualTo("orders");
        assertThat(lanes.meterRegistry()).isSameAs(registry);
        assertThat(lanes.failurePolicy()).isEqualTo(policy);
        assertThat(config.processorFactory().create("shardId-0").getClass().getSimpleName())
                .isEqualTo("LanedProcessor");
    }

    @Test
    void lanesKeepWhatWasSetOnThem() {
        LanesConfig set = LanesConfig.builder().applicationName("other-app").streamName("other").build();

        LanesConfig lanes = valid().processorFactory(null).lanes(() -> record -> { }, set).build().lanes()
                .orElseThrow();

        assertThat(lanes.applicationName()).isEqualTo("other-app");
        assertThat(lanes.streamName()).isEqualTo("other");
    }

    @Test
    void lanesAndAProcessorFactoryAreExclusive() {
        assertThatThrownBy(() -> valid().lanes(() -> record -> { }, LanesConfig.defaults()).build())
                .hasMessageContaining("processorFactory").hasMessageContaining("lanes");
        assertThat(valid().build().lanes()).isEmpty();
    }

    @Test
    void toBuilderKeepsLanesAndDerivesThemAgain() {
        ConsumerConfig config = valid().processorFactory(null)
                .lanes(() -> record -> { }, LanesConfig.builder().lanes(8).build()).build();

        ConsumerConfig renamed = config.toBuilder().applicationName("billing-app").build();

        assertThat(renamed.lanes().orElseThrow().lanes()).isEqualTo(8);
        assertThat(renamed.lanes().orElseThrow().applicationName()).isEqualTo("billing-app");
    }
}
