package io.shardline.samples.it;

import static io.shardline.samples.it.SampleIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.Scheduler;
import io.shardline.kcl.StartingPosition;
import io.shardline.samples.audit.AuditApp;
import io.shardline.samples.audit.KeySequenceTracker;
import io.shardline.samples.common.DeliveryJournal;
import io.shardline.samples.common.ShardActivity;
import io.shardline.samples.counting.CountSink;
import io.shardline.samples.counting.CountingProcessor;
import io.shardline.samples.counting.KeyCounts;
import io.shardline.samples.producer.RecordGenerator;
import io.shardline.samples.producer.ZipfKeys;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.TestRecord;
import io.shardline.testing.WithLocalAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two applications on one stream: the counting app reads from the start; the audit app, started later with its own
 * name and lease table, reads from a timestamp between two rounds of records and gets exactly the second round, in
 * the same order per key as the counting app got it.
 */
@WithLocalAws
class TwoApplicationsIT {

    private final LocalAws aws;

    TwoApplicationsIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void anAuditStartedLaterFromATimestampReplaysTheSameRecordsInTheSameOrderPerKey(TestNames names,
            @TempDir Path dir) {
        String stream = names.stream();
        aws.streams().create(stream, 2);
        RecordGenerator generator = new RecordGenerator(new ZipfKeys(30, 1.0), new Random(11));
        aws.streams().putRecords(stream, round(generator, 200));
        Instant between = Instant.now().plusMillis(100);
        waiting("the clock passes the timestamp").pollDelay(Duration.ofMillis(200))
                .until(() -> Instant.now().isAfter(between.plusMillis(100)));
        aws.streams().putRecords(stream, round(generator, 200));

        Path counted = dir.resolve("counting.journal");
        Scheduler counting = Scheduler.create(SampleIt.config(aws, names.application(), stream, "counter",
                StartingPosition.trimHorizon(), CountingProcessor.factory(new CountingProcessor.Wiring(new KeyCounts(),
                        CountSink.NONE, DeliveryJournal.open(counted), new ShardActivity(), Duration.ofSeconds(1),
                        InstantSource.system()))).build());
        Path audited = dir.resolve("audit.journal");
        KeySequenceTracker tracker = new KeySequenceTracker();
        Scheduler audit = Scheduler.create(SampleIt.config(aws, names.application(), stream, "auditor",
                StartingPosition.atTimestamp(between), AuditApp.processorFactory(tracker, DeliveryJournal.open(audited)))
                .build());
        try {
            counting.start();
            waiting("the counting app processed both rounds").until(() -> lines(counted).size() == 400);
            audit.start();
            waiting("the audit processed the second round").until(() -> lines(audited).size() >= 200);

            Map<String, List<Long>> byCounting = perKey(lines(counted));
            Map<String, List<Long>> byAudit = perKey(lines(audited));
            assertThat(lines(audited)).hasSize(200);
            byAudit.forEach((key, seqs) -> assertThat(seqs).as("audit of %s", key)
                    .isEqualTo(byCounting.get(key).subList(byCounting.get(key).size() - seqs.size(),
                            byCounting.get(key).size())));
            assertThat(tracker.summary().late()).isZero();
            assertThat(tracker.summary().missing()).isZero();
            assertThat(tracker.summary().repeats()).isZero();
        } finally {
            audit.close();
            counting.close();
        }
    }

    private static List<TestRecord> round(RecordGenerator generator, int n) {
        return IntStream.range(0, n).mapToObj(i -> generator.next(System.currentTimeMillis()))
                .map(p -> TestRecord.of(p.key(), p.toJson())).toList();
    }

    /** Each key's producer sequence numbers in the order they were processed. */
    private static Map<String, List<Long>> perKey(List<DeliveryJournal.Line> lines) {
        return lines.stream().collect(Collectors.groupingBy(DeliveryJournal.Line::key, LinkedHashMap::new,
                Collectors.mapping(DeliveryJournal.Line::seq, Collectors.toCollection(ArrayList::new))));
    }

    private static List<DeliveryJournal.Line> lines(Path journal) {
        if (!Files.exists(journal)) {
            return List.of();
        }
        try {
            return Files.readAllLines(journal).stream().map(DeliveryJournal.Line::parse)
                    .flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
