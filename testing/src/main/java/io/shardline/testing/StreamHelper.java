package io.shardline.testing;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Stream chores for tests, over a synchronous {@link KinesisClient}: create, fill, reshard, read back, delete.
 * Every method that changes a stream returns once the stream is ACTIVE again. Waits poll with a deadline
 * ({@link #DEFAULT_TIMEOUT}) and fail with an {@code IllegalStateException} naming what they waited for.
 */
public final class StreamHelper {

    /** How long a stream may take to become ACTIVE (or gone), and a PutRecords call to get every entry in. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private static final int MAX_ENTRIES_PER_PUT = 500;
    /** Kinesis allows 5 MiB per PutRecords request; stay below it. */
    private static final int MAX_BYTES_PER_PUT = 4 * 1024 * 1024;
    private static final Duration STATUS_POLL = Duration.ofMillis(50);

    private final KinesisClient kinesis;

    /** A helper on {@code kinesis}; {@link LocalAws#streams()} gives one on its own client. */
    public StreamHelper(KinesisClient kinesis) {
        this.kinesis = Objects.requireNonNull(kinesis, "kinesis");
    }

    /** Creates a provisioned stream with {@code shards} shards, waits until it is ACTIVE, and returns its shards. */
    public List<Shard> create(String stream, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, was " + shards);
        }
        kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
        awaitActive(stream);
        return listShards(stream);
    }

    /** Waits until {@code stream} is ACTIVE. */
    public void awaitActive(String stream) {
        Poll.every(STATUS_POLL, DEFAULT_TIMEOUT, "stream " + stream + " ACTIVE")
                .until(() -> kinesis.describeStreamSummary(b -> b.streamName(stream))
                        .streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
    }

    /**
     * Puts {@code records} with their explicit partition keys and returns their sequence numbers; see
     * {@link #put(String, List)}, which also returns each record's shard.
     *
     * @param stream  the stream's name
     * @param records what to put, in order
     * @return the sequence number of each record, in the order of {@code records}
     */
    public List<String> putRecords(String stream, List<TestRecord> records) {
        return put(stream, records).stream().map(PutResult::sequenceNumber).toList();
    }

    /**
     * Puts {@code records} with their explicit partition keys, in order: in PutRecords calls of at most 500 entries
     * in which each partition key appears at most once, each call's failed (throttled) entries put again until all
     * are in before the next call. So the records of each key land in the order of {@code records}, retries included
     * (a key repeated within one call could have a failed earlier entry land after a later one). Many records of few
     * keys therefore take more calls.
     *
     * @param stream  the stream's name
     * @param records what to put, in order
     * @return the shard and sequence number of each record, in the order of {@code records}
     */
    public List<PutResult> put(String stream, List<TestRecord> records) {
        PutResult[] results = new PutResult[records.size()];
        int from = 0;
        while (from < records.size()) {
            int to = from;
            int bytes = 0;
            Set<String> keys = new HashSet<>();
            while (to < records.size() && to - from < MAX_ENTRIES_PER_PUT
                    && (to == from || bytes + records.get(to).size() <= MAX_BYTES_PER_PUT)
                    && keys.add(records.get(to).partitionKey())) {
                bytes += records.get(to).size();
                to++;
            }
            putBatch(stream, records, from, to, results);
            from = to;
        }
        return List.of(results);
    }

    private void putBatch(String stream, List<TestRecord> records, int from, int to, PutResult[] results) {
        List<Integer> pending = new ArrayList<>();
        for (int i = from; i < to; i++) {
            pending.add(i);
        }
        Poll.backingOff(Duration.ofMillis(50), Duration.ofSeconds(2), DEFAULT_TIMEOUT,
                "PutRecords of records " + from + ".." + (to - 1) + " to " + stream)
                .until(() -> {
                    putOnce(stream, records, pending, results);
                    return pending.isEmpty();
                });
    }

    private void putOnce(String stream, List<TestRecord> records, List<Integer> pending, PutResult[] results) {
        List<PutRecordsRequestEntry> entries = pending.stream()
                .map(records::get)
                .map(r -> PutRecordsRequestEntry.builder()
                        .partitionKey(r.partitionKey())
                        .data(SdkBytes.fromByteArray(r.data()))
                        .build())
                .toList();
        PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(stream).records(entries));
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            PutRecordsResultEntry result = response.records().get(i);
            if (result.errorCode() == null) {
                results[pending.get(i)] = new PutResult(result.shardId(), result.sequenceNumber());
            } else {
                failed.add(pending.get(i));
            }
        }
        pending.clear();
        pending.addAll(failed);
    }

    /**
     * Splits {@code shardId} at the middle of its hash range, waits until the stream is ACTIVE, and returns the
     * two child shards (lower hash range first).
     */
    public List<Shard> split(String stream, String shardId) {
        Shard parent = shard(stream, shardId);
        BigInteger start = new BigInteger(parent.hashKeyRange().startingHashKey());
        BigInteger end = new BigInteger(parent.hashKeyRange().endingHashKey());
        if (start.equals(end)) {
            throw new IllegalArgumentException("shard " + shardId + " of " + stream + " covers one hash key only");
        }
        BigInteger middle = start.add(end.subtract(start).add(BigInteger.ONE).shiftRight(1));
        kinesis.splitShard(b -> b.streamName(stream).shardToSplit(shardId).newStartingHashKey(middle.toString()));
        awaitActive(stream);
        return listShards(stream).stream()
                .filter(s -> shardId.equals(s.parentShardId()) && s.adjacentParentShardId() == null)
                .sorted((a, b) -> new BigInteger(a.hashKeyRange().startingHashKey())
                        .compareTo(new BigInteger(b.hashKeyRange().startingHashKey())))
                .toList();
    }

    /**
     * Merges two adjacent open shards, waits until the stream is ACTIVE, and returns the child shard.
     */
    public Shard merge(String stream, String shardA, String shardB) {
        kinesis.mergeShards(b -> b.streamName(stream).shardToMerge(shardA).adjacentShardToMerge(shardB));
        awaitActive(stream);
        return listShards(stream).stream()
                .filter(s -> shardA.equals(s.parentShardId()) && shardB.equals(s.adjacentParentShardId()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no child of " + shardA + " + " + shardB + " in " + stream));
    }

    /** Reshards to {@code shards} open shards (uniform scaling) and waits until the stream is ACTIVE again. */
    public void updateShardCount(String stream, int shards) {
        kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(shards)
                .scalingType(ScalingType.UNIFORM_SCALING));
        awaitActive(stream);
    }

    /** Every shard of the stream, open and closed, across all ListShards pages. */
    public List<Shard> listShards(String stream) {
        List<Shard> shards = new ArrayList<>();
        ListShardsRequest request = ListShardsRequest.builder().streamName(stream).build();
        while (true) {
            ListShardsResponse response = kinesis.listShards(request);
            shards.addAll(response.shards());
            if (response.nextToken() == null) {
                return shards;
            }
            request = ListShardsRequest.builder().nextToken(response.nextToken()).build();
        }
    }

    /**
     * Reads one shard from TRIM_HORIZON with GetRecords until its end (a closed shard) or until it is caught up
     * (an empty response with MillisBehindLatest 0), and returns its records in order. Calls GetRecords at most
     * five times a second, the per-shard limit of real Kinesis.
     */
    public List<Record> readShard(String stream, String shardId) {
        List<Record> records = new ArrayList<>();
        String[] iterator = {kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator()};
        Poll.every(Duration.ofMillis(200), DEFAULT_TIMEOUT, "GetRecords of " + stream + "/" + shardId + " to its end")
                .until(() -> {
                    GetRecordsResponse response = kinesis.getRecords(b -> b.shardIterator(iterator[0]));
                    records.addAll(response.records());
                    iterator[0] = response.nextShardIterator();
                    return iterator[0] == null
                            || (response.records().isEmpty() && Long.valueOf(0).equals(response.millisBehindLatest()));
                });
        return records;
    }

    /**
     * Registers an enhanced fan-out consumer of {@code stream}, waits until it is ACTIVE, and returns its ARN.
     */
    public String registerConsumer(String stream, String consumerName) {
        String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary().streamARN();
        String consumerArn = kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName(consumerName))
                .consumer().consumerARN();
        Poll.every(STATUS_POLL, DEFAULT_TIMEOUT, "consumer " + consumerName + " of " + stream + " ACTIVE")
                .until(() -> kinesis.describeStreamConsumer(b -> b.consumerARN(consumerArn))
                        .consumerDescription().consumerStatus() == ConsumerStatus.ACTIVE);
        return consumerArn;
    }

    /** Deletes the stream (and its consumers) and waits until it is gone. A missing stream is no error. */
    public void delete(String stream) {
        try {
            kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
        } catch (ResourceNotFoundException alreadyGone) {
            return;
        }
        Poll.every(STATUS_POLL, DEFAULT_TIMEOUT, "stream " + stream + " deleted")
                .until(() -> {
                    try {
                        kinesis.describeStreamSummary(b -> b.streamName(stream));
                        return false;
                    } catch (ResourceNotFoundException gone) {
                        return true;
                    }
                });
    }

    private Shard shard(String stream, String shardId) {
        return listShards(stream).stream()
                .filter(s -> s.shardId().equals(shardId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no shard " + shardId + " in stream " + stream));
    }
}
