package io.shardline.lease.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shardline.lease.Checkpoint;
import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.testing.InMemoryLeaseStore;
import io.shardline.lease.testing.StoreOperation;
import io.shardline.lease.StoreResilienceConfig;
import io.shardline.lease.WriteResult;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResilientLeaseStoreTest {

    private static final StoreResilienceConfig FAST = StoreResilienceConfig.builder()
            .maxAttempts(4)
            .initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(4))
            .slidingWindowSize(50)
            .minimumCalls(50)
            .build();

    private final InMemoryLeaseStore fake = InMemoryLeaseStore.create("leases");
    private final AtomicInteger attempts = new AtomicInteger();
    private LeaseToken token;

    @BeforeEach
    void ownedLease() {
        fake.createIfAbsent(Lease.unowned("shardId-0"));
        token = ((WriteResult.Ok) fake.transfer(new LeaseToken("shardId-0", null, 0), "a")).lease().token();
    }

    @AfterEach
    void clearInterruptFlag() {
        Thread.interrupted();
    }

    @Test
    void retriesRetryableFailuresUntilTheCallSucceeds() {
        failFirst(StoreOperation.TRANSFER, 2, true);
        LeaseStore store = LeaseStore.resilient(fake, FAST);

        WriteResult result = store.transfer(token, "b");

        assertThat(result.isOk()).isTrue();
        assertThat(attempts).hasValue(3);
        assertThat(fake.get("shardId-0").orElseThrow().owner()).isEqualTo("b");
    }

    @Test
    void doesNotRetryFatalFailures() {
        failFirst(StoreOperation.CHECKPOINT, 10, false);
        LeaseStore store = LeaseStore.resilient(fake, FAST);

        assertThatThrownBy(() -> store.checkpoint(token, CheckpointUpdate.commit(Checkpoint.of("1"), null)))
                .isInstanceOf(LeaseStoreException.class)
                .satisfies(e -> assertThat(((LeaseStoreException) e).isRetryable()).isFalse());
        assertThat(attempts).hasValue(1);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastFailure() {
        failFirst(StoreOperation.GET, 100, true);
        LeaseStore store = LeaseStore.resilient(fake, FAST);

        assertThatThrownBy(() -> store.get("shardId-0"))
                .isInstanceOf(LeaseStoreException.class)
                .hasMessageContaining("injected failure 4");
        assertThat(attempts).hasValue(4);
    }

    @Test
    void fencedWriteIsAnOutcomeNotRetried() {
        LeaseStore store = LeaseStore.resilient(fake, FAST);
        fake.resetOperationCounts();

        WriteResult result = store.transfer(new LeaseToken("shardId-0", "zombie", 0), "b");

        assertThat(result).isEqualTo(WriteResult.fenced("shardId-0"));
        assertThat(fake.operationCounts().calls(StoreOperation.TRANSFER)).isEqualTo(1);
    }

    @Test
    void openCircuitFailsFastWithoutReachingTheStore() {
        failFirst(StoreOperation.GET, Integer.MAX_VALUE, true);
        ResilientLeaseStore store = new ResilientLeaseStore(fake, breakerAfter(4, Duration.ofMinutes(1)));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> store.get("shardId-0")).isInstanceOf(LeaseStoreException.class);
        }
        assertThat(store.circuitState()).isEqualTo("OPEN");
        int attemptsWhenOpened = attempts.get();

        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> store.get("shardId-0"))
                    .isInstanceOf(LeaseStoreException.class)
                    .hasMessageContaining("circuit breaker is open")
                    .satisfies(e -> assertThat(((LeaseStoreException) e).isRetryable()).isTrue());
        }

        assertThat(attempts).hasValue(attemptsWhenOpened);
    }

    @Test
    void rejectionByAnOpenCircuitIsNotRetried() {
        failFirst(StoreOperation.GET, Integer.MAX_VALUE, true);
        StoreResilienceConfig config = StoreResilienceConfig.builder().maxAttempts(3)
                .initialBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(1)).jitter(0)
                .slidingWindowSize(1).minimumCalls(1).openStateWait(Duration.ofMinutes(1))
                .callTimeout(Duration.ofSeconds(30)).build(); // a budget for the 1 s backoff
        ResilientLeaseStore store = new ResilientLeaseStore(fake, config);
        // First call: attempt 1 fails and opens the circuit; after one backoff the retry is rejected and not retried.
        assertThatThrownBy(() -> store.get("shardId-0")).hasMessageContaining("circuit breaker is open");
        assertThat(attempts).hasValue(1);

        long started = System.nanoTime();
        assertThatThrownBy(() -> store.get("shardId-0")).hasMessageContaining("circuit breaker is open");

        // Retrying the rejection would wait at least one backoff (1 s) before failing again.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(900));
        assertThat(attempts).hasValue(1);
    }

    @Test
    void circuitClosesAgainOnceTheStoreRecovers() {
        failFirst(StoreOperation.GET, Integer.MAX_VALUE, true);
        ResilientLeaseStore store = new ResilientLeaseStore(fake, breakerAfter(4, Duration.ofMillis(100)));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> store.get("shardId-0")).isInstanceOf(LeaseStoreException.class);
        }
        assertThat(store.circuitState()).isEqualTo("OPEN");

        fake.clearFaults();

        await().atMost(Duration.ofSeconds(5)).ignoreException(LeaseStoreException.class)
                .untilAsserted(() -> assertThat(store.get("shardId-0")).isPresent());
        store.get("shardId-0");
        assertThat(store.circuitState()).isEqualTo("CLOSED");
    }

    @Test
    void fatalFailuresDoNotOpenTheCircuit() {
        failFirst(StoreOperation.GET, Integer.MAX_VALUE, false);
        ResilientLeaseStore store = new ResilientLeaseStore(fake, breakerAfter(4, Duration.ofMinutes(1)));

        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> store.get("shardId-0")).isInstanceOf(LeaseStoreException.class);
        }

        assertThat(store.circuitState()).isEqualTo("CLOSED");
        assertThat(attempts).hasValue(20);
    }

    @Test
    void transferWhoseResponseWasLostIsReportedAsApplied() {
        LostFirstResponse flaky = new LostFirstResponse(fake);
        LeaseStore store = LeaseStore.resilient(flaky, FAST);

        WriteResult result = store.transfer(token, "b");

        assertThat(flaky.calls).as("one lost response, one retry").hasValue(2);
        assertThat(result.isOk()).as("the first attempt moved the lease; the retry saw its own write").isTrue();
        assertThat(((WriteResult.Ok) result).lease().owner()).isEqualTo("b");
        assertThat(((WriteResult.Ok) result).lease().counter()).isEqualTo(token.counter() + 1);
    }

    @Test
    void transferFencedBySomeoneElseAfterARetryStaysFenced() {
        fake.transfer(token, "c");
        failFirst(StoreOperation.TRANSFER, 1, true);
        LeaseStore store = LeaseStore.resilient(fake, FAST);

        assertThat(store.transfer(token, "b")).isEqualTo(WriteResult.fenced("shardId-0"));
    }

    @Test
    void interruptedCallStopsRetryingAndKeepsTheInterruptFlag() {
        failFirst(StoreOperation.GET, 100, true);
        LeaseStore store = LeaseStore.resilient(fake, FAST.toBuilder()
                .initialBackoff(Duration.ofSeconds(30)).maxBackoff(Duration.ofSeconds(30)).build());

        Thread.currentThread().interrupt();
        long started = System.nanoTime();
        assertThatThrownBy(() -> store.get("shardId-0")).isInstanceOf(LeaseStoreException.class);

        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(attempts).hasValue(1);
    }

    private static StoreResilienceConfig breakerAfter(int calls, Duration openStateWait) {
        return StoreResilienceConfig.builder().maxAttempts(1).slidingWindowSize(calls).minimumCalls(calls)
                .failureRateThreshold(50).openStateWait(openStateWait).halfOpenCalls(1).build();
    }

    /** The first {@code n} calls of {@code operation} fail; every call is counted in {@link #attempts}. */
    private void failFirst(StoreOperation operation, int n, boolean retryable) {
        fake.injectFault(operation, subject -> {
            int attempt = attempts.incrementAndGet();
            return attempt <= n ? new LeaseStoreException("injected failure " + attempt, "leases", subject,
                    retryable, null) : null;
        });
    }

    /** Applies the first transfer, then throws a retryable failure as if its response had been lost. */
    private static final class LostFirstResponse extends ForwardingLeaseStore {
        final AtomicInteger calls = new AtomicInteger();

        LostFirstResponse(LeaseStore delegate) {
            super(delegate);
        }

        @Override
        public WriteResult transfer(LeaseToken expected, String newOwner) {
            WriteResult result = super.transfer(expected, newOwner);
            if (calls.getAndIncrement() == 0) {
                throw new LeaseStoreException("read timed out", tableName(), expected.leaseKey(), true, null);
            }
            return result;
        }
    }
}
