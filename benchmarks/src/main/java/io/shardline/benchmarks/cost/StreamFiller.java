package io.shardline.benchmarks.cost;

import io.shardline.benchmarks.harness.Wait;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.kpl.KplAggregator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Fills a stream ahead of a throughput run: the same number of records on every shard (each PutRecords entry aimed
 * at its shard with the shard's starting hash key as explicit hash key), in calls of up to 500 entries, the shards in
 * parallel; optionally as KPL aggregates (testing's {@link KplAggregator}). Remembers each shard's highest sequence number, so that a run knows when a shard is drained.
 *
 * <p>kinesis-mock's PutRecords gets slower as a shard fills (DESIGN.md), so keep shards at tens of thousands of
 * records and spread volume over shards.
 */
final class StreamFiller {

    private static final int MAX_ENTRIES = 500;
    private static final int KEYS = 100;
    /** Keeps a call of {@value #MAX_ENTRIES} entries under PutRecords' 5 MB. */
    private static final int MAX_AGGREGATE_BYTES = 9_000;
    /** kinesis-mock serves one call at a time (one node process): more calls in flight only wait there. */
    private static final int PARALLEL_CALLS = 2;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);
    private static final int MAX_ATTEMPTS = 50;
    private static final Logger log = LoggerFactory.getLogger(StreamFiller.class);

    private final KinesisClient kinesis;
    private final int payloadBytes;
    private final int aggregate;

    /**
     * @param payloadBytes size of each (user) record's data
     * @param aggregate    user records per Kinesis record: 1 puts plain records, more puts KPL aggregates
     */
    StreamFiller(KinesisClient kinesis, int payloadBytes, int aggregate) {
        if (payloadBytes < 1) {
            throw new IllegalArgumentException("payloadBytes must be >= 1, was " + payloadBytes);
        }
        if (aggregate < 1 || (long) aggregate * payloadBytes > MAX_AGGREGATE_BYTES) {
            throw new IllegalArgumentException("aggregate must be >= 1 and aggregate x payloadBytes at most "
                    + MAX_AGGREGATE_BYTES + ", was " + aggregate + " x " + payloadBytes);
        }
        this.kinesis = kinesis;
        this.payloadBytes = payloadBytes;
        this.aggregate = aggregate;
    }

    /**
     * Puts {@code perShard} (user) records on each of {@code shards} of {@code stream}.
     *
     * @return each shard's highest sequence number
     */
    /**
     * One Kinesis record: a plain record when {@code users} is 1 and records are not aggregated, else a KPL aggregate
     * of {@code users} user records (all with the shard's hash key, so that no consumer drops them as out of range).
     */
    private PutRecordsRequestEntry entry(String hashKey, byte[] payload, int first, int users) {
        if (aggregate == 1) {
            return PutRecordsRequestEntry.builder().partitionKey("k" + first % KEYS).explicitHashKey(hashKey)
                    .data(SdkBytes.fromByteArray(payload)).build();
        }
        KplAggregator aggregator = new KplAggregator();
        for (int i = first; i < first + users; i++) {
            aggregator.add("k" + i % KEYS, hashKey, payload);
        }
        return aggregator.toPutRecordsEntry();
    }

    Map<String, ExtendedSequenceNumber> fill(String stream, List<Shard> shards, int perShard) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(shards.size(), PARALLEL_CALLS));
        try {
            Map<String, Future<ExtendedSequenceNumber>> futures = new TreeMap<>();
            for (Shard shard : shards) {
                futures.put(shard.shardId(), pool.submit(() -> fillShard(stream, shard, perShard)));
            }
            Map<String, ExtendedSequenceNumber> last = new TreeMap<>();
            for (Map.Entry<String, Future<ExtendedSequenceNumber>> e : futures.entrySet()) {
                last.put(e.getKey(), e.getValue().get());
            }
            return last;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while filling " + stream, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("filling " + stream + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private ExtendedSequenceNumber fillShard(String stream, Shard shard, int count) {
        String hashKey = shard.hashKeyRange().startingHashKey();
        byte[] payload = new byte[payloadBytes];
        ExtendedSequenceNumber highest = null;
        int put = 0;
        while (put < count) {
            List<PutRecordsRequestEntry> pending = new ArrayList<>(MAX_ENTRIES);
            int size = 0;
            while (pending.size() < MAX_ENTRIES && put + size < count) {
                int users = Math.min(aggregate, count - put - size);
                pending.add(entry(hashKey, payload, put + size, users));
                size += users;
            }
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > MAX_ATTEMPTS) {
                    throw new IllegalStateException("PutRecords to " + shard.shardId() + " of " + stream
                            + " still failing after " + MAX_ATTEMPTS + " attempts");
                }
                List<PutRecordsRequestEntry> sent = pending;
                PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(stream).records(sent));
                pending = new ArrayList<>();
                for (int i = 0; i < sent.size(); i++) {
                    PutRecordsResultEntry result = response.records().get(i);
                    if (result.errorCode() != null) {
                        pending.add(sent.get(i));
                    } else {
                        ExtendedSequenceNumber seq = ExtendedSequenceNumber.of(result.sequenceNumber());
                        highest = highest == null || seq.isAfter(highest) ? seq : highest;
                    }
                }
                if (!pending.isEmpty()) {
                    Wait.untilNanoTime(System.nanoTime() + RETRY_PAUSE.toNanos()); // throttled: back off, then again
                }
            }
            put += size;
            log.debug("{}: {} of {} records put", shard.shardId(), put, count);
        }
        log.info("Filled {} of {} with {} records", shard.shardId(), stream, count);
        return highest;
    }
}
