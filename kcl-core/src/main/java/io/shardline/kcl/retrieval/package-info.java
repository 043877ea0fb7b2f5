/**
 * Record retrieval: reading a shard ahead of its processor.
 *
 * <ul>
 *   <li>{@link io.shardline.kcl.retrieval.RecordFetcherFactory} creates the fetchers of one application and owns
 *       what they share (a few {@code shardline-fetch-N} threads, meters, the fan-out consumer registration).</li>
 *   <li>{@link io.shardline.kcl.retrieval.RecordFetcher} reads one {@link io.shardline.kcl.retrieval.StreamShard}
 *       from a {@link io.shardline.kcl.StartingPosition} into a bounded prefetch buffer; the shard consumer takes
 *       {@link io.shardline.kcl.retrieval.RecordBatch}es with the non-blocking {@code poll()}.</li>
 *   <li>{@link io.shardline.kcl.retrieval.RetrievalConfig}: polling ({@code GetRecords}) or enhanced fan-out
 *       ({@code SubscribeToShard}), and their settings.</li>
 *   <li>{@link io.shardline.kcl.retrieval.RetrievalException}: the closed error hierarchy, translated once from the
 *       SDK: retryable, expired iterator, fatal. Only a fatal error reaches the consumer, as a failed batch.</li>
 * </ul>
 *
 * <p><b>Threads.</b> No thread is blocked per shard: fetch steps run on the factory's small executor and on the async
 * SDK client's threads; 1,000 shards use the same few threads as 10. KPL aggregates are de-aggregated on the fetch
 * threads, before batches reach the buffer.
 */
package io.shardline.kcl.retrieval;
