package io.shardline.kcl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetrievalConfigTest {

    @Test
    void defaultsArePollingWithTheDocumentedValues() {
        RetrievalConfig config = RetrievalConfig.defaults();

        assertThat(config.mode()).isEqualTo(RetrievalConfig.Mode.POLLING);
        assertThat(config.maxRecordsPerCall()).isEqualTo(10_000);
        assertThat(config.callsPerSecondPerShard()).isEqualTo(3.0);
        assertThat(config.idleInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.maxPrefetchRecords()).isEqualTo(10_000);
        assertThat(config.maxPrefetchBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(config.retryBackoffBase()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.retryBackoffMax()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.fetchThreads()).isEqualTo(2);
        assertThat(config.subscriptionRenewalInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.consumerName()).isNull();
        assertThat(config.listShardsMaxAttempts()).isEqualTo(5);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.requestAttemptTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void fanOutBuilderKeepsItsSettings() {
        RetrievalConfig config = RetrievalConfig.fanOut().consumerName("orders-app")
                .subscriptionRenewalInterval(Duration.ofMinutes(1)).build();

        assertThat(config.mode()).isEqualTo(RetrievalConfig.Mode.FAN_OUT);
        assertThat(config.consumerName()).isEqualTo("orders-app");
        assertThat(config.subscriptionRenewalInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void toBuilderCopiesEveryValue() {
        RetrievalConfig config = RetrievalConfig.fanOut().maxPrefetchRecords(7).maxPrefetchBytes(99)
                .retryBackoffBase(Duration.ofMillis(5)).retryBackoffMax(Duration.ofMillis(50)).fetchThreads(3)
                .consumerArn("arn:aws:kinesis:us-east-1:1:stream/s/consumer/c:1")
                .subscriptionStallTimeout(Duration.ofSeconds(9)).build();

        assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
        assertThat(config.toBuilder().fetchThreads(4).build()).isNotEqualTo(config);
    }

    @Test
    void outOfRangeUserRecordsAreDeliveredByDefaultAndDropIsKept() {
        assertThat(RetrievalConfig.defaults().outsideRangeUserRecords()).isEqualTo(OutsideRangeUserRecords.DELIVER);
        assertThat(RetrievalConfig.defaults().outsideRangeWarnInterval()).isEqualTo(Duration.ofMinutes(1));
        RetrievalConfig drop = RetrievalConfig.polling().outsideRangeUserRecords(OutsideRangeUserRecords.DROP)
                .build();

        assertThat(drop.toBuilder().build()).isEqualTo(drop);
        assertThat(drop).isNotEqualTo(RetrievalConfig.defaults());
    }

    @Test
    void rejectsNoOutOfRangePolicyAndAZeroWarnInterval() {
        assertRejected(RetrievalConfig.polling().outsideRangeUserRecords(null), "outsideRangeUserRecords", "null");
        assertRejected(RetrievalConfig.polling().outsideRangeWarnInterval(Duration.ZERO), "outsideRangeWarnInterval",
                "PT0S");
    }

    @Test
    void rejectsMoreRecordsPerCallThanKinesisAllows() {
        assertRejected(RetrievalConfig.polling().maxRecordsPerCall(10_001), "maxRecordsPerCall", "10001");
    }

    @Test
    void rejectsZeroRecordsPerCall() {
        assertRejected(RetrievalConfig.polling().maxRecordsPerCall(0), "maxRecordsPerCall", "0");
    }

    @Test
    void rejectsMoreCallsPerSecondThanKinesisAllows() {
        assertRejected(RetrievalConfig.polling().callsPerSecondPerShard(5.5), "callsPerSecondPerShard", "5.5");
    }

    @Test
    void rejectsZeroCallsPerSecond() {
        assertRejected(RetrievalConfig.polling().callsPerSecondPerShard(0), "callsPerSecondPerShard", "0.0");
    }

    @Test
    void rejectsAZeroIdleInterval() {
        assertRejected(RetrievalConfig.polling().idleInterval(Duration.ZERO), "idleInterval", "PT0S");
    }

    @Test
    void rejectsAMissingIdleInterval() {
        assertRejected(RetrievalConfig.polling().idleInterval(null), "idleInterval", "null");
    }

    @Test
    void rejectsZeroPrefetchRecords() {
        assertRejected(RetrievalConfig.polling().maxPrefetchRecords(0), "maxPrefetchRecords", "0");
    }

    @Test
    void rejectsNegativePrefetchBytes() {
        assertRejected(RetrievalConfig.polling().maxPrefetchBytes(-1), "maxPrefetchBytes", "-1");
    }

    @Test
    void rejectsAZeroRetryBackoffBase() {
        assertRejected(RetrievalConfig.polling().retryBackoffBase(Duration.ZERO), "retryBackoffBase", "PT0S");
    }

    @Test
    void rejectsAMissingRetryBackoffMax() {
        assertRejected(RetrievalConfig.polling().retryBackoffMax(null), "retryBackoffMax", "null");
    }

    @Test
    void rejectsARetryBackoffMaxBelowTheBase() {
        assertRejected(RetrievalConfig.polling().retryBackoffBase(Duration.ofSeconds(20)), "retryBackoffMax", "PT10S");
    }

    @Test
    void rejectsZeroFetchThreads() {
        assertRejected(RetrievalConfig.polling().fetchThreads(0), "fetchThreads", "0");
    }

    @Test
    void rejectsABlankConsumerName() {
        assertRejected(RetrievalConfig.fanOut().consumerName(" "), "consumerName", " ");
    }

    @Test
    void rejectsAConsumerArnThatIsNoArn() {
        assertRejected(RetrievalConfig.fanOut().consumerArn("consumer-1"), "consumerArn", "consumer-1");
    }

    @Test
    void rejectsASubscriptionRenewalBeyondFiveMinutes() {
        assertRejected(RetrievalConfig.fanOut().subscriptionRenewalInterval(Duration.ofMinutes(6)),
                "subscriptionRenewalInterval", "PT6M");
    }

    @Test
    void rejectsAZeroSubscriptionRenewal() {
        assertRejected(RetrievalConfig.fanOut().subscriptionRenewalInterval(Duration.ZERO),
                "subscriptionRenewalInterval", "PT0S");
    }

    @Test
    void rejectsAZeroConsumerRegistrationTimeout() {
        assertRejected(RetrievalConfig.fanOut().consumerRegistrationTimeout(Duration.ZERO),
                "consumerRegistrationTimeout", "PT0S");
    }

    @Test
    void rejectsANegativeShardEndProbeInterval() {
        assertRejected(RetrievalConfig.fanOut().shardEndProbeInterval(Duration.ofSeconds(-1)),
                "shardEndProbeInterval", "PT-1S");
    }

    @Test
    void rejectsAMissingShardEndProbeInterval() {
        assertRejected(RetrievalConfig.fanOut().shardEndProbeInterval(null), "shardEndProbeInterval", "null");
    }

    @Test
    void rejectsAZeroSubscriptionStallTimeout() {
        assertRejected(RetrievalConfig.fanOut().subscriptionStallTimeout(Duration.ZERO),
                "subscriptionStallTimeout", "PT0S");
    }

    @Test
    void rejectsZeroListShardsAttempts() {
        assertRejected(RetrievalConfig.polling().listShardsMaxAttempts(0), "listShardsMaxAttempts", "0");
    }

    @Test
    void rejectsARequestTimeoutShorterThanItsAttemptTimeout() {
        assertRejected(RetrievalConfig.polling().requestTimeout(Duration.ofSeconds(5)), "requestTimeout", "PT5S");
        assertRejected(RetrievalConfig.polling().requestAttemptTimeout(Duration.ZERO), "requestAttemptTimeout", "PT0S");
        assertThat(RetrievalConfig.polling().requestTimeout(Duration.ofSeconds(5))
                .requestAttemptTimeout(Duration.ofSeconds(5)).build().toBuilder().build().requestTimeout())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void rejectsAMissingMode() {
        assertRejected(RetrievalConfig.polling().mode(null), "mode", "null");
    }

    private static void assertRejected(RetrievalConfig.Builder builder, String field, String value) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("RetrievalConfig." + field).hasMessageEndingWith("was " + value);
    }
}
