package io.shardline.benchmarks.cost;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the requests a DynamoDB client sends, per operation, in the worker process that owns the client. Added to
 * the client a worker hands to its library ({@code overrideConfiguration().addExecutionInterceptor}), for both
 * systems. Counts each HTTP attempt ({@code beforeTransmission}), so SDK retries count too: what the table is
 * billed for. Thread-safe.
 */
public final class DynamoDbRequestCounter implements ExecutionInterceptor {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        count(operation == null ? "unknown" : operation);
    }

    /** Counts one request of {@code operation}. */
    void count(String operation) {
        counts.computeIfAbsent(operation, op -> new LongAdder()).increment();
    }

    /** The counts so far, stamped with {@code atMillis}. */
    public RequestCounts snapshot(long atMillis) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((operation, count) -> copy.put(operation, count.sum()));
        return new RequestCounts(atMillis, copy);
    }
}
