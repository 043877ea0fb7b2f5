package io.shardline.samples;

import io.shardline.testing.LocalAws;
import io.shardline.testing.StreamHelper;
import io.shardline.testing.TestRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The first thing to run: starts Kinesis and DynamoDB locally (the npm emulators unless
 * {@code -Dshardline.aws.backend} says otherwise), creates a stream with 2 shards, writes 200 records under 20
 * partition keys, reads them back shard by shard, checks that each key stayed on one shard in order, and stops
 * everything. Run it with {@code ./demo} from the repository root.
 */
public final class QuickStart {

    private static final Logger log = LoggerFactory.getLogger(QuickStart.class);
    private static final int SHARDS = 2;
    private static final int KEYS = 20;
    private static final int RECORDS = 200;

    private QuickStart() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        int readBack;
        try (LocalAws aws = LocalAws.start()) {
            log.info("Started {}: Kinesis at {}, DynamoDB at {}", aws.backend(), aws.kinesisEndpoint(),
                    aws.dynamoDbEndpoint());
            readBack = run(aws.streams(), "shardline-quickstart-" + UUID.randomUUID().toString().substring(0, 8));
        }
        log.info("Stopped everything. Read back {} of {} records in {} ms.", readBack, RECORDS,
                (System.nanoTime() - started) / 1_000_000);
    }

    private static int run(StreamHelper streams, String stream) {
        List<Shard> shards = streams.create(stream, SHARDS);
        log.info("Created stream {} with {} shards: {}", stream, shards.size(),
                shards.stream().map(Shard::shardId).toList());
        try {
            List<TestRecord> records = IntStream.range(0, RECORDS)
                    .mapToObj(i -> TestRecord.of("user-" + (i % KEYS), "user-" + (i % KEYS) + " event " + (i / KEYS)))
                    .toList();
            List<String> sequenceNumbers = streams.putRecords(stream, records);
            log.info("Wrote {} records under {} partition keys ({} sequence numbers)", records.size(), KEYS,
                    sequenceNumbers.size());

            Map<String, List<String>> eventsByKey = new HashMap<>();
            Map<String, String> shardByKey = new HashMap<>();
            int total = 0;
            for (Shard shard : shards) {
                List<Record> read = streams.readShard(stream, shard.shardId());
                total += read.size();
                for (Record record : read) {
                    String previous = shardByKey.put(record.partitionKey(), shard.shardId());
                    check(previous == null || previous.equals(shard.shardId()),
                            "key " + record.partitionKey() + " was on two shards");
                    eventsByKey.computeIfAbsent(record.partitionKey(), k -> new ArrayList<>())
                            .add(record.data().asString(StandardCharsets.UTF_8));
                }
                log.info("Read {} records from {} ({} partition keys)", read.size(), shard.shardId(),
                        read.stream().map(Record::partitionKey).distinct().count());
            }
            check(total == RECORDS, "read " + total + " records, wrote " + RECORDS);
            eventsByKey.forEach((key, events) -> check(events.equals(IntStream.range(0, RECORDS / KEYS)
                    .mapToObj(n -> key + " event " + n).toList()), "events of " + key + " out of order: " + events));
            log.info("Read back all {} records; each of the {} keys stayed on one shard, in write order", total,
                    eventsByKey.size());
            return total;
        } finally {
            streams.delete(stream);
            log.info("Deleted stream {}", stream);
        }
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException("QuickStart check failed: " + failure);
        }
    }
}
