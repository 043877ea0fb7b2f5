package io.shardline.testing.faults;

import static io.shardline.testing.faults.FaultIt.count;
import static io.shardline.testing.faults.FaultIt.records;
import static io.shardline.testing.faults.FaultIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.shardline.kcl.Scheduler;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import io.shardline.kcl.kpl.KplAggregator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

/**
 * A record that carries the KPL magic bytes but whose MD5 trailer does not match (a producer bug, a corrupted copy):
 * it is not a crash and not a silent drop. It is delivered whole, as one plain record, with a WARN line naming shard and
 * sequence number and the {@code shardline.kpl.corrupt} counter; the aggregates and plain records around it are
 * processed as usual.
 */
@WithLocalAws
class CorruptAggregateIT extends FaultSuite {

    CorruptAggregateIT(LocalAws aws) {
        super(aws);
    }

    @Test
    void aCorruptAggregateIsDeliveredWholeAndTheShardGoesOn(TestNames names) {
        String stream = names.stream();
        aws.streams().create(stream, 1);
        aws.streams().putRecords(stream, records(0, 20));
        byte[] good = new KplAggregator().add("key-a", "agg-0").add("key-a", "agg-1").toBytes();
        byte[] corrupt = Arrays.copyOf(good, good.length);
        corrupt[corrupt.length - 1] ^= 0x5A; // the MD5 trailer no longer matches
        String corruptSequence = aws.kinesis().putRecord(b -> b.streamName(stream).partitionKey("key-a")
                .data(SdkBytes.fromByteArray(corrupt))).sequenceNumber();
        aws.kinesis().putRecord(b -> b.streamName(stream).partitionKey("key-a").data(SdkBytes.fromByteArray(good)));
        aws.streams().putRecords(stream, records(20, 40));

        Scheduler worker = start(names.application(), stream, UnaryOperator.identity());

        waiting("every record processed").until(() -> tally.distinct() == 40 + 2 + 1);
        assertThat(tally.processed("agg-0")).isTrue();
        assertThat(tally.processed("agg-1")).isTrue();
        assertThat(tally.counts.keySet()).contains(new String(corrupt, StandardCharsets.UTF_8));
        assertThat(count(registry, "shardline.kpl.corrupt")).isEqualTo(1);
        assertThat(logs.lines(Level.WARN, corruptSequence, "not a valid aggregate")).hasSize(1);
        assertThat(worker.ownedLeaseKeys()).hasSize(1);
    }
}
