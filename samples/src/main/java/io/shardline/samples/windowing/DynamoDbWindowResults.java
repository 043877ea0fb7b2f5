package io.shardline.samples.windowing;

import io.shardline.samples.common.OutputRetry;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Writes closed windows to a DynamoDB table with hash key {@code window} ({@code <key>|<startMillis>}) and range key
 * {@code shard}, one conditional {@code PutItem} each: {@code attribute_not_exists(window)}. A write that finds the
 * row already there is a repeat after a failover: the row is read back (consistently) and compared: equal values
 * count as {@link #alreadyWritten()}, different ones as {@link #conflicts()} with an ERROR line (it would mean a
 * window was decided twice with different records, which the checkpointed state rules out). Transient failures are
 * retried ({@link OutputRetry}); the put is idempotent, so a retry of a put that was applied is a repeat.
 */
public final class DynamoDbWindowResults implements WindowResults {

    /** Hash key: {@code <key>|<windowStartMillis>}. */
    public static final String WINDOW = "window";
    /** Range key: the shard that produced the row. */
    public static final String SHARD = "shard";

    private static final Logger log = LoggerFactory.getLogger(DynamoDbWindowResults.class);

    private final DynamoDbAsyncClient dynamoDb;
    private final String table;
    private final Consumer<ClosedWindow> onWritten;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong alreadyWritten = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();

    /** @param onWritten told about each window written for the first time (for printing) */
    public DynamoDbWindowResults(DynamoDbAsyncClient dynamoDb, String table, Consumer<ClosedWindow> onWritten) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.onWritten = onWritten;
    }

    @Override
    public void write(String shardId, List<ClosedWindow> windows) {
        for (ClosedWindow window : windows) {
            Map<String, AttributeValue> item = item(shardId, window);
            if (OutputRetry.call(() -> putIfAbsent(item))) {
                written.incrementAndGet();
                onWritten.accept(window);
            } else {
                compareWithStored(shardId, window, item);
            }
        }
    }

    /** True when written, false when the row was there already; transient failures propagate (to be retried). */
    private boolean putIfAbsent(Map<String, AttributeValue> item) {
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#w)")
                    .expressionAttributeNames(Map.of("#w", WINDOW))).join();
            return true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof ConditionalCheckFailedException) {
                return false;
            }
            throw e;
        }
    }

    public long written() {
        return written.get();
    }

    public long alreadyWritten() {
        return alreadyWritten.get();
    }

    public long conflicts() {
        return conflicts.get();
    }

    private void compareWithStored(String shardId, ClosedWindow window, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> stored = OutputRetry.call(() -> dynamoDb.getItem(b -> b.tableName(table)
                .consistentRead(true).key(Map.of(WINDOW, item.get(WINDOW), SHARD, item.get(SHARD)))).join().item());
        if (item.equals(stored)) {
            alreadyWritten.incrementAndGet();
        } else {
            conflicts.incrementAndGet();
            log.error("Window {} of {} was already written with other values: stored {}, now {}", window.windowId(),
                    shardId, stored, item);
        }
    }

    /** The row of {@code window} from {@code shardId}. */
    public static Map<String, AttributeValue> item(String shardId, ClosedWindow window) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(WINDOW, AttributeValue.fromS(window.windowId()));
        item.put(SHARD, AttributeValue.fromS(shardId));
        item.put("key", AttributeValue.fromS(window.key()));
        item.put("windowStart", number(window.start()));
        item.put("windowEnd", number(window.end()));
        item.put("count", number(window.aggregate().count()));
        item.put("sum", number(window.aggregate().sum()));
        item.put("min", number(window.aggregate().min()));
        item.put("max", number(window.aggregate().max()));
        return item;
    }

    /** A row back as its window's values. */
    public static WindowAggregate aggregate(Map<String, AttributeValue> item) {
        return new WindowAggregate(Long.parseLong(item.get("count").n()), Double.parseDouble(item.get("sum").n()),
                Double.parseDouble(item.get("min").n()), Double.parseDouble(item.get("max").n()));
    }

    private static AttributeValue number(double value) {
        return AttributeValue.fromN(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
