/**
 * The built-in dead-letter sinks behind {@link io.shardline.kcl.deadletter.DeadLetterSink}'s factories: one
 * {@code PutRecord} (Kinesis) or {@code PutItem} (DynamoDB) per entry, through {@code SinkCalls} (SDK errors translated
 * once, resilience4j retry with backoff and jitter on retryable ones).
 */
package io.shardline.kcl.internal.deadletter;
