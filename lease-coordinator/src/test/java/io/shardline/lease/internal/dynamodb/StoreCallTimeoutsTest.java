package io.shardline.lease.internal.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.lease.StoreResilienceConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;

/**
 * Every store call carries its own deadline, whatever client it is given: a client with no timeouts at all (here a
 * fake whose calls never answer) cannot hang a store call past its budget, and retries stop when the budget is spent.
 */
class StoreCallTimeoutsTest {

    private static final LeaseTableConfig TABLES = LeaseTableConfig.of("leases");
    private static final Duration GUARD = Duration.ofSeconds(20);

    @Test
    void aCallToAClientThatNeverAnswersFailsRetryablyWithinItsBudgetAndCarriesTheTimeouts() {
        Fake client = new Fake(() -> new CompletableFuture<>()); // no timeouts, no answer: a stalled table
        StoreResilienceConfig resilience = StoreResilienceConfig.builder()
                .callTimeout(Duration.ofMillis(400)).attemptTimeout(Duration.ofMillis(200)).build();
        CoordinationStore store = CoordinationStore.resilient(new DynamoDbCoordinationStore(client, TABLES),
                resilience);

        LeaseStoreException failure = assertTimeoutPreemptively(GUARD,
                () -> catchStoreException(store::readLeader));

        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.getMessage()).contains("timed out");
        assertThat(client.requests).isNotEmpty().allSatisfy(r -> {
            AwsRequestOverrideConfiguration o = r.overrideConfiguration().orElseThrow();
            assertThat(o.apiCallTimeout()).hasValueSatisfying(
                    t -> assertThat(t).isPositive().isLessThanOrEqualTo(Duration.ofMillis(400)));
            assertThat(o.apiCallAttemptTimeout()).hasValueSatisfying(
                    t -> assertThat(t).isPositive().isLessThanOrEqualTo(Duration.ofMillis(200)));
        });
    }

    @Test
    void retriesStopWhenTheNextBackoffWouldEndPastTheCallBudget() {
        AtomicInteger attempts = new AtomicInteger();
        Fake client = new Fake(() -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(InternalServerErrorException.builder().message("boom").build());
        });
        // attempt 1 fails at once, 100 ms backoff, attempt 2 fails; the next backoff (1 s) would end past the budget
        StoreResilienceConfig resilience = StoreResilienceConfig.builder().maxAttempts(5)
                .initialBackoff(Duration.ofMillis(100)).backoffMultiplier(10).maxBackoff(Duration.ofSeconds(10))
                .jitter(0).callTimeout(Duration.ofSeconds(1)).build();
        CoordinationStore store = CoordinationStore.resilient(new DynamoDbCoordinationStore(client, TABLES),
                resilience);

        LeaseStoreException failure = catchStoreException(store::readLeader);

        assertThat(failure.isRetryable()).isTrue();
        assertThat(attempts).hasValue(2);
    }

    @Test
    void theFittedBudgetEndsWellBeforeTheSelfFenceDeadline() {
        var coordinator = io.shardline.lease.LeaseCoordinatorConfig.builder().workerId("w1")
                .failoverTimeout(Duration.ofSeconds(3)).selfFenceMargin(Duration.ofMillis(750)).build();

        StoreResilienceConfig fitted = StoreResilienceConfig.defaults().fitTo(coordinator);
        StoreResilienceConfig tight = StoreResilienceConfig.defaults().fitTo(coordinator.toBuilder()
                .heartbeatInterval(Duration.ofMillis(250)).failoverTimeout(Duration.ofMillis(1000))
                .selfFenceMargin(Duration.ofMillis(250)).build());

        assertThat(fitted.callTimeout()).isEqualTo(Duration.ofSeconds(1)); // min(1 s, max(2.25 - 1, 2.25 / 2) s)
        assertThat(tight.callTimeout()).isEqualTo(Duration.ofMillis(500)); // max(750 - 250, 750 / 2) ms
        assertThat(tight.attemptTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    private static LeaseStoreException catchStoreException(Runnable call) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(call::run).isInstanceOf(LeaseStoreException.class).satisfies(e -> caught[0] = e);
        return (LeaseStoreException) caught[0];
    }

    /** A client with no timeouts whose GetItem answers as {@code answer} says, recording every request. */
    private static final class Fake implements DynamoDbAsyncClient {
        final List<GetItemRequest> requests = new CopyOnWriteArrayList<>();
        private final java.util.function.Supplier<CompletableFuture<GetItemResponse>> answer;

        Fake(java.util.function.Supplier<CompletableFuture<GetItemResponse>> answer) {
            this.answer = answer;
        }

        @Override
        public CompletableFuture<GetItemResponse> getItem(GetItemRequest request) {
            requests.add(request);
            return answer.get();
        }

        @Override
        public String serviceName() {
            return "DynamoDB";
        }

        @Override
        public void close() {
        }
    }
}
