/**
 * The record fetchers behind {@link io.shardline.kcl.retrieval.RecordFetcherFactory}.
 *
 * <ul>
 *   <li>{@link io.shardline.kcl.internal.retrieval.PollingRecordFetcher}: an asynchronous loop of steps (one in
 *       flight per shard) on the shared {@link io.shardline.kcl.internal.retrieval.FetchScheduler}: adaptive pacing,
 *       per-shard call budget that gives way when throttled
 *       ({@code ThrottleAdaptiveCallBudget}), backoff with jitter, iterator renewal.</li>
 *   <li>{@link io.shardline.kcl.internal.retrieval.FanOutRecordFetcher}: subscriptions with flow control, each
 *       fetcher's state confined to a {@code SerialExecutor} (a mailbox on the shared threads).</li>
 *   <li>{@code PrefetchBuffer}: the bounded queue and its pause/resume handshake with the fetch loop.</li>
 *   <li>{@code RecordAssembler}: de-aggregation, hash-range filtering, and the user-record-exact start
 *       ({@code AT_SEQUENCE_NUMBER} + dropping the sub-sequence numbers before the position).</li>
 * </ul>
 * Time comes from the {@code FetchScheduler} ({@code nanoTime}), so unit tests drive every delay with a manual
 * scheduler.
 */
package io.shardline.kcl.internal.retrieval;
