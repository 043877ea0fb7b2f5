package io.shardline.testing.retrieval;

import static org.awaitility.Awaitility.await;

import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.kcl.retrieval.RecordFetcher;
import io.shardline.lease.HashKeyRange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** Polls a fetcher the way a shard consumer would, from the test thread, and describes what it got. */
final class FetchedBatches {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final RecordFetcher fetcher;
    private final List<RecordBatch> batches = new ArrayList<>();

    FetchedBatches(RecordFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** Polls until {@code done} holds for everything polled so far. */
    FetchedBatches pollUntil(String what, Predicate<FetchedBatches> done) {
        await(what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).pollInSameThread().until(() -> {
            for (RecordBatch batch = fetcher.poll(); batch != null; batch = fetcher.poll()) {
                batches.add(batch);
            }
            return done.test(this);
        });
        return this;
    }

    /** Polls until at least {@code count} user records arrived. */
    FetchedBatches pollRecords(int count) {
        return pollUntil(count + " records from " + fetcher.shard(), fetched -> fetched.records().size() >= count
                || fetched.isTerminated());
    }

    List<RecordBatch> batches() {
        return List.copyOf(batches);
    }

    List<KinesisClientRecord> records() {
        List<KinesisClientRecord> records = new ArrayList<>();
        batches.forEach(batch -> records.addAll(batch.records()));
        return records;
    }

    boolean isTerminated() {
        return !batches.isEmpty() && batches.get(batches.size() - 1).isTerminal();
    }

    RecordBatch last() {
        return batches.get(batches.size() - 1);
    }

    /** {@code sequenceNumber/subSequenceNumber text} of each user record, the form tests compare. */
    List<String> describe() {
        return records().stream().map(FetchedBatches::describe).toList();
    }

    static String describe(KinesisClientRecord record) {
        return record.sequenceNumber() + "/" + record.subSequenceNumber() + " "
                + new String(record.dataAsBytes(), StandardCharsets.UTF_8);
    }

    /** The same form for Kinesis records read back directly (never aggregated: sub-sequence 0). */
    static List<String> describeKinesisRecords(List<Record> records) {
        return records.stream().map(r -> r.sequenceNumber() + "/0 " + r.data().asUtf8String()).toList();
    }

    static HashKeyRange rangeOf(Shard shard) {
        return HashKeyRange.of(shard.hashKeyRange().startingHashKey(), shard.hashKeyRange().endingHashKey());
    }
}
