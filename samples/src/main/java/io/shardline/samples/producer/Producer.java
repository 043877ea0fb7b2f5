package io.shardline.samples.producer;

import io.shardline.samples.common.SamplePayload;
import io.shardline.kcl.kpl.KplAggregator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * Puts records at {@code rate} per second with one PutRecords call at a time (so a key's records enter its shard in
 * the order they were acknowledged), and reports every acknowledged record to a listener in that order.
 *
 * <p>Entries a call reports as failed (throttling) are put again before anything new, after a backoff. A failed
 * entry can therefore land after a later record of its key that went in: the acknowledgement order, not the
 * sequence number in the payload, is the order in the shard. With {@code aggregate > 1} up to that many records of
 * one key are packed into one KPL aggregated record; records are grouped per key (not per shard) so that every user
 * record of an aggregate belongs to the aggregate's shard, also right after a reshard.
 */
public final class Producer {

    private static final Logger log = LoggerFactory.getLogger(Producer.class);
    private static final int MAX_ENTRIES_PER_CALL = 500;
    private static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** One entry of a PutRecords call and the user records it carries. */
    private record Entry(PutRecordsRequestEntry request, List<SamplePayload> records) {
    }

    private final KinesisAsyncClient kinesis;
    private final String stream;
    private final RecordGenerator generator;
    private final double rate;
    private final int aggregate;
    private final Consumer<List<SamplePayload>> acknowledged;

    /**
     * @param rate         records per second
     * @param aggregate    user records per KPL aggregate; 1 puts plain records
     * @param acknowledged called with each call's acknowledged records, in shard order per key
     */
    public Producer(KinesisAsyncClient kinesis, String stream, RecordGenerator generator, double rate, int aggregate,
            Consumer<List<SamplePayload>> acknowledged) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be > 0, was " + rate);
        }
        if (aggregate < 1) {
            throw new IllegalArgumentException("aggregate must be >= 1, was " + aggregate);
        }
        this.kinesis = Objects.requireNonNull(kinesis, "kinesis");
        this.stream = Objects.requireNonNull(stream, "stream");
        this.generator = Objects.requireNonNull(generator, "generator");
        this.rate = rate;
        this.aggregate = aggregate;
        this.acknowledged = Objects.requireNonNull(acknowledged, "acknowledged");
    }

    /**
     * Puts records until {@code duration} passed ({@link Duration#ZERO}: no limit) or {@code stop} returns true.
     *
     * @return how many records were generated (all of them were acknowledged when this returns normally)
     */
    public long run(Duration duration, BooleanSupplier stop) {
        long start = System.nanoTime();
        long end = duration.isZero() ? Long.MAX_VALUE : start + duration.toNanos();
        long generated = 0;
        while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = (long) (rate * (now - start) / 1e9) - generated;
            if (due <= 0) {
                long nextDue = start + (long) ((generated + 1) * 1e9 / rate);
                if (!sleepNanos(Math.min(MAX_SLEEP_NANOS, Math.max(1, nextDue - now)))) {
                    break;
                }
                continue;
            }
            int count = (int) Math.min(due, (long) MAX_ENTRIES_PER_CALL * aggregate);
            List<SamplePayload> batch = new ArrayList<>(count);
            long timestamp = System.currentTimeMillis();
            for (int i = 0; i < count; i++) {
                batch.add(generator.next(timestamp));
            }
            generated += count;
            putAll(entries(batch));
        }
        return generated;
    }

    private List<Entry> entries(List<SamplePayload> batch) {
        if (aggregate == 1) {
            return batch.stream().map(p -> new Entry(PutRecordsRequestEntry.builder().partitionKey(p.key())
                    .data(SdkBytes.fromByteArray(p.toBytes())).build(), List.of(p))).toList();
        }
        Map<String, List<SamplePayload>> byKey = new LinkedHashMap<>();
        batch.forEach(p -> byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p));
        List<Entry> entries = new ArrayList<>();
        for (List<SamplePayload> records : byKey.values()) {
            for (int from = 0; from < records.size(); from += aggregate) {
                List<SamplePayload> chunk = records.subList(from, Math.min(records.size(), from + aggregate));
                KplAggregator aggregator = new KplAggregator();
                chunk.forEach(p -> aggregator.add(p.key(), null, p.toBytes()));
                entries.add(new Entry(aggregator.toPutRecordsEntry(), List.copyOf(chunk)));
            }
        }
        return entries;
    }

    private void putAll(List<Entry> entries) {
        for (int from = 0; from < entries.size(); from += MAX_ENTRIES_PER_CALL) {
            List<Entry> pending = entries.subList(from, Math.min(entries.size(), from + MAX_ENTRIES_PER_CALL));
            long backoffMillis = 50;
            while (!pending.isEmpty()) {
                List<Entry> failed = putOnce(pending);
                if (!failed.isEmpty()) {
                    sleepMillis(backoffMillis);
                    backoffMillis = Math.min(2_000, backoffMillis * 2);
                }
                pending = failed;
            }
        }
    }

    /** One PutRecords call; returns the entries to put again. */
    private List<Entry> putOnce(List<Entry> entries) {
        PutRecordsResponse response;
        try {
            response = kinesis.putRecords(b -> b.streamName(stream)
                    .records(entries.stream().map(Entry::request).toList())).join();
        } catch (CompletionException e) {
            log.warn("PutRecords of {} entries to {} failed, putting them again: {}", entries.size(), stream,
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            return entries;
        }
        List<Entry> failed = new ArrayList<>();
        List<SamplePayload> acked = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (response.records().get(i).errorCode() == null) {
                acked.addAll(entries.get(i).records());
            } else {
                failed.add(entries.get(i));
            }
        }
        if (!failed.isEmpty()) {
            log.info("{} of {} entries were not accepted ({}); putting them again", failed.size(), entries.size(),
                    response.records().stream().filter(r -> r.errorCode() != null).findFirst()
                            .map(r -> r.errorCode()).orElse("?"));
        }
        acknowledged.accept(acked);
        return failed;
    }

    private static void sleepMillis(long millis) {
        sleepNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Paces the loop; false when interrupted (the flag is restored). */
    private static boolean sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
