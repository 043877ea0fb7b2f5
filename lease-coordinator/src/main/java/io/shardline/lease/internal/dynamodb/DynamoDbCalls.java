package io.shardline.lease.internal.dynamodb;

import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.internal.CallDeadline;
import io.shardline.lease.internal.shared.AwsErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The one place where async DynamoDB calls are awaited on the calling thread and SDK failures become
 * {@link LeaseStoreException}s, retryable or fatal as the project's one classifier, {@link AwsErrors}, says: throttling,
 * {@code LimitExceeded}, {@code ResourceInUse}, {@code TransactionConflict}, 5xx, client-side I/O failures and
 * timeouts are retryable; everything else (validation errors, missing table, access denied, a closed client, an
 * {@code SdkClientException} without an I/O cause such as missing credentials) is fatal.
 */
final class DynamoDbCalls {

    private static final int MAX_PAGES = 100_000;
    /** How long past the request's own API-call timeout the wait goes on (the SDK's timeout normally fires first). */
    static final Duration GRACE = Duration.ofMillis(200);

    private final DynamoDbAsyncClient client;
    private final String table;

    DynamoDbCalls(DynamoDbAsyncClient client, String table) {
        this.client = client; // the stores hand in their TimedDynamoDbClient
        this.table = table;
    }

    DynamoDbAsyncClient client() {
        return client;
    }

    String table() {
        return table;
    }

    /** Waits for {@code future}; any failure becomes a {@link LeaseStoreException}. */
    <T> T await(CompletableFuture<T> future, String operation, String leaseKey) {
        return awaitOrNullOn(future, null, operation, leaseKey);
    }

    /**
     * Waits for {@code future}, at most the call's {@linkplain CallDeadline#current() API-call timeout} (which the
     * request carries too) plus {@link #GRACE}: never a bare {@code get()}, whatever client was passed. Returns
     * {@code null} when it failed with {@code expected} (for example a {@code ConditionalCheckFailedException}); any
     * other failure, or no answer in time (cancelled, retryable), becomes a {@link LeaseStoreException}.
     */
    <T> T awaitOrNullOn(CompletableFuture<T> future, Class<? extends Exception> expected, String operation,
            String leaseKey) {
        Duration timeout = CallDeadline.current().apiCallTimeout();
        try {
            return future.get(timeout.toNanos() + GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new LeaseStoreException(operation + " timed out: no answer within " + timeout.plus(GRACE), table,
                    leaseKey, true, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new LeaseStoreException(operation + " interrupted", table, leaseKey, false, e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = AwsErrors.unwrap(e);
            if (expected != null && expected.isInstance(cause)) {
                return null;
            }
            throw translate(cause, operation, leaseKey);
        } catch (CancellationException e) {
            throw new LeaseStoreException(operation + " cancelled", table, leaseKey, false, e);
        }
    }

    /** Every item {@code request} returns, following {@code LastEvaluatedKey} through all pages. */
    List<Map<String, AttributeValue>> scanAll(ScanRequest request, String operation) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ScanRequest paged = start == null ? request : request.toBuilder().exclusiveStartKey(start).build();
            ScanResponse response = await(client.scan(paged), operation, null);
            items.addAll(response.items());
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                return items;
            }
            start = response.lastEvaluatedKey();
        }
        throw new LeaseStoreException(operation + " did not finish within " + MAX_PAGES + " pages", table, null,
                false, null);
    }

    /** Every item {@code request} returns, following {@code LastEvaluatedKey} through all pages. */
    List<Map<String, AttributeValue>> queryAll(QueryRequest request, String operation) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            QueryRequest paged = start == null ? request : request.toBuilder().exclusiveStartKey(start).build();
            QueryResponse response = await(client.query(paged), operation, null);
            items.addAll(response.items());
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                return items;
            }
            start = response.lastEvaluatedKey();
        }
        throw new LeaseStoreException(operation + " did not finish within " + MAX_PAGES + " pages", table, null,
                false, null);
    }

    /**
     * Waits {@code millis} on the calling thread (between polls of a blocking call: unprocessed batch keys, table
     * status). The store's methods are blocking by contract, so this is where the wait belongs.
     */
    void pause(long millis, String operation) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseStoreException(operation + " interrupted", table, null, false, e);
        }
    }

    LeaseStoreException translate(Throwable failure, String operation, String leaseKey) {
        return translate(failure, table, operation, leaseKey);
    }

    static LeaseStoreException translate(Throwable failure, String table, String operation, String leaseKey) {
        Throwable cause = AwsErrors.unwrap(failure);
        if (cause instanceof LeaseStoreException lse) {
            return lse;
        }
        return new LeaseStoreException(operation + " failed: " + cause, table, leaseKey, AwsErrors.isRetryable(cause),
                cause);
    }
}
