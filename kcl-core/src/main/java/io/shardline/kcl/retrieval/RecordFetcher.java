package io.shardline.kcl.retrieval;

import io.shardline.kcl.StartingPosition;

/**
 * Reads one shard ahead of its processor into a bounded prefetch buffer: the shard consumer's source of records.
 * Created by {@link RecordFetcherFactory#createFetcher(StreamShard)}; two implementations, polling
 * ({@code GetRecords}) and enhanced fan-out ({@code SubscribeToShard}), chosen by {@link RetrievalConfig}.
 *
 * <p><b>Threading.</b> Fetching runs on the factory's small shared executor and the async SDK client's threads; no
 * thread is ever blocked per shard. {@link #poll()} and {@link #close()} may be called from any thread and never
 * block; the shard consumer calls {@code poll()} from one thread at a time. {@code onDataAvailable} is called on a
 * fetch thread each time a batch is added to the buffer: it must only signal (e.g. schedule the consumer) and return
 * at once, never process records or block.
 *
 * <p><b>Back-pressure.</b> The buffer is bounded by {@link RetrievalConfig#maxPrefetchRecords()} and
 * {@link RetrievalConfig#maxPrefetchBytes()}. A full buffer stops fetching (no more {@code GetRecords} calls, no
 * more fan-out demand); each {@code poll()} frees room and resumes it. A consumer that stops polling stops the
 * fetching.
 *
 * <p><b>Errors.</b> Throttling, server and I/O errors are retried with exponential backoff; an expired iterator is
 * replaced. Only a {@link FatalRetrievalException} reaches the consumer, as a {@linkplain RecordBatch#failed failed
 * batch} after every batch fetched before it.
 */
public interface RecordFetcher extends AutoCloseable {

    /** The shard this fetcher reads. */
    StreamShard shard();

    /**
     * Starts fetching at {@code position}. Called once.
     *
     * @param position        where to start
     * @param onDataAvailable called (on a fetch thread) whenever a batch becomes available; must return at once
     * @throws IllegalStateException when already started or closed
     */
    void start(StartingPosition position, Runnable onDataAvailable);

    /**
     * Takes the oldest fetched batch, or returns {@code null} when none is ready. Never blocks. After a
     * {@linkplain RecordBatch#isTerminal() terminal} batch it returns {@code null} forever.
     */
    RecordBatch poll();

    /** Stops fetching and drops the buffer. Idempotent; in-flight calls complete and are discarded. */
    @Override
    void close();
}
