package io.shardline.samples.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusAndJournalLinesTest {

    @Test
    void statusReflectsActiveShardsTheirLagAndTheTotal() {
        ShardActivity activity = new ShardActivity();
        activity.started("shardId-000000000001");
        activity.started("shardId-000000000000");
        activity.processed("shardId-000000000000", 10, 250);
        activity.processed("shardId-000000000001", 5, 40);
        assertThat(activity.status()).isEqualTo(new ShardActivity.Status(15, 250,
                List.of("shardId-000000000000", "shardId-000000000001")));

        activity.stopped("shardId-000000000000");
        ShardActivity.Status status = activity.status();
        assertThat(status.lagMs()).isEqualTo(40);
        assertThat(ShardActivity.Status.parse(status.format())).contains(status);
    }

    @Test
    void statusOfAnIdleWorkerRoundTripsAndOtherOutputIsNoStatus() {
        ShardActivity.Status idle = new ShardActivity().status();
        assertThat(idle.format()).isEqualTo("@status processed=0 lag_ms=-1 shards=");
        assertThat(ShardActivity.Status.parse(idle.format())).contains(idle);
        assertThat(ShardActivity.Status.parse("counted 12 records")).isEmpty();
    }

    @Test
    void journalLinesRoundTripKeysWithSpacesAndSkipTornLines(@TempDir Path dir) {
        Path file = dir.resolve("w1.journal");
        try (DeliveryJournal journal = DeliveryJournal.open(file)) {
            journal.record("shardId-000000000003", "user 17", 4);
            journal.flush();
        }
        List<String> lines = readLines(file);
        assertThat(lines).hasSize(1);
        DeliveryJournal.Line line = DeliveryJournal.Line.parse(lines.get(0)).orElseThrow();
        assertThat(line.shardId()).isEqualTo("shardId-000000000003");
        assertThat(line.key()).isEqualTo("user 17");
        assertThat(line.seq()).isEqualTo(4);
        assertThat(line.epochMicros()).isPositive();
        assertThat(DeliveryJournal.Line.parse("1712345 shardId-0")).isEmpty();
        assertThat(DeliveryJournal.Line.parse("17x shardId-0 4 user-1")).isEmpty();
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
