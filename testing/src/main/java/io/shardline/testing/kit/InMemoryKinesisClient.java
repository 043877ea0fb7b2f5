package io.shardline.testing.kit;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisServiceClientConfiguration;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * An in-memory Kinesis for fast tests and benchmarks: a {@link KinesisAsyncClient} that serves ListShards,
 * DescribeStreamSummary, GetShardIterator and GetRecords from memory (everything else throws
 * {@link UnsupportedOperationException}). Hand it to {@code ConsumerConfig.kinesisClient(...)} like a real client.
 *
 * <p>Streams have open shards that split the hash-key space evenly (no resharding). Records are either put
 * ({@link #put}, routed by the MD5 of the partition key like Kinesis) or <em>generated</em>
 * ({@link #generate}): a generated shard holds {@code count} records made on demand from their index, so a benchmark
 * can drain millions of records without keeping them in memory. Sequence numbers are 56-digit decimal strings,
 * increasing per shard. Thread-safe.
 */
public final class InMemoryKinesisClient implements KinesisAsyncClient {

    private static final BigInteger HASH_SPACE = BigInteger.ONE.shiftLeft(128);
    /** The most data one GetRecords returns (the Kinesis limit). */
    private static final long MAX_GET_RECORDS_BYTES = 10L * 1024 * 1024;

    private final Clock clock;
    private final Map<String, StreamState> streams = new ConcurrentHashMap<>();

    /** An empty fake on the system clock. */
    public InMemoryKinesisClient() {
        this(Clock.systemUTC());
    }

    /** An empty fake dating records with {@code clock}. */
    public InMemoryKinesisClient(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Creates an ACTIVE stream with {@code shardCount} open shards ({@code shardId-000000000000}, ...). */
    public InMemoryKinesisClient createStream(String streamName, int shardCount) {
        if (shardCount < 1) {
            throw new IllegalArgumentException("shardCount must be >= 1, was " + shardCount);
        }
        List<ShardState> shards = new ArrayList<>();
        BigInteger width = HASH_SPACE.divide(BigInteger.valueOf(shardCount));
        for (int i = 0; i < shardCount; i++) {
            BigInteger start = width.multiply(BigInteger.valueOf(i));
            BigInteger end = i == shardCount - 1 ? HASH_SPACE.subtract(BigInteger.ONE) : start.add(width)
                    .subtract(BigInteger.ONE);
            shards.add(new ShardState(String.format("shardId-%012d", i), i, start, end));
        }
        streams.put(streamName, new StreamState(streamName, shards));
        return this;
    }

    /** Appends one record to the shard that owns the partition key's hash; returns its sequence number. */
    public String put(String streamName, String partitionKey, byte[] data) {
        BigInteger hash = new BigInteger(1, md5(partitionKey));
        ShardState shard = stream(streamName).shards.stream()
                .filter(s -> s.start.compareTo(hash) <= 0 && hash.compareTo(s.end) <= 0)
                .findFirst().orElseThrow();
        return shard.append(partitionKey, data, clock.instant());
    }

    /**
     * Makes shard {@code shardIndex} hold {@code count} generated records of {@code payloadBytes} bytes each, keys
     * {@code key-<n mod keys>}; replaces what the shard held.
     */
    public InMemoryKinesisClient generate(String streamName, int shardIndex, long count, int payloadBytes, int keys) {
        return generate(streamName, shardIndex, count, new byte[payloadBytes], keys);
    }

    /**
     * Makes shard {@code shardIndex} hold {@code count} generated records that all carry {@code payload} (for example
     * one KPL aggregate), keys {@code key-<n mod keys>}; replaces what the shard held.
     */
    public InMemoryKinesisClient generate(String streamName, int shardIndex, long count, byte[] payload, int keys) {
        stream(streamName).shards.get(shardIndex).generate(count, payload, keys, clock.instant());
        return this;
    }

    private StreamState stream(String name) {
        StreamState stream = streams.get(name);
        if (stream == null) {
            throw ResourceNotFoundException.builder().message("Stream " + name + " not found").build();
        }
        return stream;
    }

    private static String streamNameOf(String name, String arn) {
        if (name != null) {
            return name;
        }
        return arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
    }

    @Override
    public CompletableFuture<ListShardsResponse> listShards(ListShardsRequest request) {
        return call(() -> {
            StreamState stream = stream(streamNameOf(request.streamName(), request.streamARN()));
            List<Shard> shards = stream.shards.stream().map(s -> Shard.builder()
                    .shardId(s.shardId)
                    .hashKeyRange(HashKeyRange.builder().startingHashKey(s.start.toString())
                            .endingHashKey(s.end.toString()).build())
                    .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber(s.sequence(0)).build())
                    .build()).toList();
            return ListShardsResponse.builder().shards(shards).build();
        });
    }

    @Override
    public CompletableFuture<DescribeStreamSummaryResponse> describeStreamSummary(
            DescribeStreamSummaryRequest request) {
        return call(() -> {
            StreamState stream = stream(streamNameOf(request.streamName(), request.streamARN()));
            return DescribeStreamSummaryResponse.builder().streamDescriptionSummary(StreamDescriptionSummary.builder()
                    .streamName(stream.name)
                    .streamARN("arn:aws:kinesis:us-east-1:000000000000:stream/" + stream.name)
                    .streamStatus(StreamStatus.ACTIVE)
                    .openShardCount(stream.shards.size())
                    .build()).build();
        });
    }

    @Override
    public CompletableFuture<GetShardIteratorResponse> getShardIterator(GetShardIteratorRequest request) {
        return call(() -> {
            StreamState stream = stream(streamNameOf(request.streamName(), request.streamARN()));
            ShardState shard = stream.shard(request.shardId());
            long position = switch (request.shardIteratorType()) {
                case TRIM_HORIZON -> 0;
                case LATEST -> shard.size();
                case AT_SEQUENCE_NUMBER -> shard.indexOf(request.startingSequenceNumber());
                case AFTER_SEQUENCE_NUMBER -> shard.indexOf(request.startingSequenceNumber()) + 1;
                case AT_TIMESTAMP -> shard.indexAt(request.timestamp());
                default -> throw new IllegalArgumentException("iterator type " + request.shardIteratorType());
            };
            return GetShardIteratorResponse.builder()
                    .shardIterator(Iterators.encode(stream.name, shard.index, position)).build();
        });
    }

    @Override
    public CompletableFuture<GetRecordsResponse> getRecords(GetRecordsRequest request) {
        return call(() -> {
            Iterators.Position at = Iterators.decode(request.shardIterator());
            ShardState shard = stream(at.stream()).shards.get(at.shardIndex());
            int limit = request.limit() == null ? 10_000 : request.limit();
            List<Record> records = shard.read(at.position(), limit);
            long next = at.position() + records.size();
            long behind = next < shard.size() ? Math.max(1, clock.millis() - shard.arrival(next).toEpochMilli()) : 0;
            return GetRecordsResponse.builder()
                    .records(records)
                    .nextShardIterator(Iterators.encode(at.stream(), at.shardIndex(), next))
                    .millisBehindLatest(behind)
                    .build();
        });
    }

    private interface Call<T> {
        T run();
    }

    private static <T> CompletableFuture<T> call(Call<T> call) {
        try {
            return CompletableFuture.completedFuture(call.run());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static byte[] md5(String key) {
        try {
            return MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    /** Region {@code us-east-1}, as the stream ARNs it hands out say (Amazon KCL reads the region from here). */
    @Override
    public KinesisServiceClientConfiguration serviceClientConfiguration() {
        return KinesisServiceClientConfiguration.builder().region(Region.US_EAST_1).build();
    }

    @Override
    public void close() {
    }

    private record StreamState(String name, List<ShardState> shards) {
        ShardState shard(String shardId) {
            return shards.stream().filter(s -> s.shardId.equals(shardId)).findFirst().orElseThrow(() ->
                    ResourceNotFoundException.builder().message("Shard " + shardId + " not found").build());
        }
    }

    /** Iterators are plain strings: {@code stream|shardIndex|position}. */
    private static final class Iterators {
        record Position(String stream, int shardIndex, long position) {
        }

        static String encode(String stream, int shardIndex, long position) {
            return stream + "|" + shardIndex + "|" + position;
        }

        static Position decode(String iterator) {
            String[] parts = iterator.split("\\|");
            return new Position(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
        }
    }

    /** One shard: stored records, or generated ones. */
    private static final class ShardState {
        final String shardId;
        final int index;
        final BigInteger start;
        final BigInteger end;
        private static final String POSITION_ZEROS = "0".repeat(50);
        private final String sequencePrefix;
        private final List<Record> stored = new ArrayList<>();
        private long generatedCount;
        private SdkBytes generatedPayload;
        private String[] generatedKeys;
        private Instant generatedAt;

        ShardState(String shardId, int index, BigInteger start, BigInteger end) {
            this.shardId = shardId;
            this.index = index;
            this.start = start;
            this.end = end;
            this.sequencePrefix = String.format("49%04d", index);
        }

        /** {@code 49}, the shard index in 4 digits, the position in 50: 56 digits, increasing per shard. */
        String sequence(long position) {
            String digits = Long.toString(position);
            return sequencePrefix + POSITION_ZEROS.substring(digits.length()) + digits;
        }

        synchronized String append(String key, byte[] data, Instant now) {
            if (generatedCount > 0) {
                throw new IllegalStateException("shard " + shardId + " holds generated records");
            }
            String seq = sequence(stored.size());
            stored.add(Record.builder().partitionKey(key).sequenceNumber(seq).data(SdkBytes.fromByteArray(data))
                    .approximateArrivalTimestamp(now).build());
            return seq;
        }

        synchronized void generate(long count, byte[] payload, int keys, Instant now) {
            stored.clear();
            generatedCount = count;
            generatedPayload = SdkBytes.fromByteArray(payload);
            generatedKeys = new String[Math.max(1, keys)];
            for (int k = 0; k < generatedKeys.length; k++) {
                generatedKeys[k] = "key-" + k;
            }
            generatedAt = now;
        }

        synchronized long size() {
            return generatedCount > 0 ? generatedCount : stored.size();
        }

        synchronized Instant arrival(long position) {
            return generatedCount > 0 ? generatedAt : stored.get((int) position).approximateArrivalTimestamp();
        }

        synchronized long indexOf(String sequenceNumber) {
            return new BigInteger(sequenceNumber.substring(6)).longValueExact();
        }

        synchronized long indexAt(Instant timestamp) {
            for (long i = 0; i < size(); i++) {
                if (!arrival(i).isBefore(timestamp)) {
                    return i;
                }
            }
            return size();
        }

        /** At most {@code limit} records and, like Kinesis, at most 10 MiB of data (at least one record). */
        synchronized List<Record> read(long from, int limit) {
            long to = Math.min(size(), from + limit);
            List<Record> out = new ArrayList<>((int) Math.max(0, to - from));
            long bytes = 0;
            for (long i = from; i < to; i++) {
                Record record = generatedCount > 0 ? generatedRecord(i) : stored.get((int) i);
                bytes += record.data().asByteArrayUnsafe().length;
                if (bytes > MAX_GET_RECORDS_BYTES && !out.isEmpty()) {
                    break;
                }
                out.add(record);
            }
            return out;
        }

        private Record generatedRecord(long i) {
            return Record.builder().partitionKey(generatedKeys[(int) (i % generatedKeys.length)])
                    .sequenceNumber(sequence(i))
                    .data(generatedPayload).approximateArrivalTimestamp(generatedAt).build();
        }
    }
}
