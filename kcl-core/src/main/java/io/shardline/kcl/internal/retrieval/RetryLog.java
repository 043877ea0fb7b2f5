package io.shardline.kcl.internal.retrieval;

import io.shardline.kcl.retrieval.RetryableRetrievalException;
import io.shardline.kcl.retrieval.StreamShard;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Logs a streak of retries of one fetcher without flooding: one WARN line (no stack trace) when a streak starts,
 * DEBUG for the next attempts, one INFO line when it ends. Not thread-safe (one fetcher step at a time).
 */
final class RetryLog {

    private final Logger log;
    private final StreamShard shard;
    private int attempts;

    RetryLog(Logger log, StreamShard shard) {
        this.log = log;
        this.shard = shard;
    }

    /** Records one more failed attempt and returns the count in this streak. */
    int failed(String operation, RetryableRetrievalException error, Duration delay) {
        attempts++;
        if (attempts == 1) {
            log.warn("Shard {}: {} failed ({}: {}), retrying in {} ms with backoff: {}", shard, operation,
                    error.retryCause(), error.errorCode(), delay.toMillis(), error.getMessage());
        } else {
            log.debug("Shard {}: {} failed again (attempt {}, {}), retrying in {} ms", shard, operation, attempts,
                    error.errorCode(), delay.toMillis());
        }
        return attempts;
    }

    /** The number of failed attempts in the current streak. */
    int attempts() {
        return attempts;
    }

    /** Ends a streak, if one is running. */
    void succeeded() {
        if (attempts > 0) {
            log.info("Shard {}: Kinesis calls succeed again after {} retries", shard, attempts);
            attempts = 0;
        }
    }
}
