package io.shardline.testing.consumer;

import static io.shardline.testing.consumer.ConsumerIt.SHARDS;
import static io.shardline.testing.consumer.ConsumerIt.records;
import static io.shardline.testing.consumer.ConsumerIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.Scheduler;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker in its own JVM ({@link WorkerMain}) hands shards to a joining worker gracefully, then is killed with
 * SIGKILL ({@code destroyForcibly}): its remaining shards continue in the other worker from its last checkpoint.
 */
@WithLocalAws
class WorkerProcessIT {

    private final LocalAws aws;
    private final Ledger ledger = new Ledger();

    WorkerProcessIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void aKilledWorkerProcessesShardsContinueElsewhereFromItsLastCheckpoint(TestNames names, @TempDir Path dir)
            throws Exception {
        assumeTrue(aws.kinesisEndpoint() != null, "needs local emulators (the child JVM gets their endpoints)");
        String stream = names.stream();
        String app = names.application();
        aws.streams().create(stream, SHARDS);
        List<String> written = new ArrayList<>(aws.streams().putRecords(stream, records(0, 300)));
        Path journal = dir.resolve("journal.txt");
        Process child = WorkerMain.launch(aws, stream, app, "child", journal, dir.resolve("child.log"), 0);
        Scheduler b = null;
        try {
            waiting("the child processed 300").until(() -> Journal.read(journal).records().size() >= 300);
            b = Scheduler.create(ConsumerIt.config(aws, app, stream, "b", ledger.processors("b"),
                    new SimpleMeterRegistry()).build());
            b.start();
            Scheduler joined = b;
            waiting("two shards handed to b").until(() -> joined.ownedLeaseKeys().size() == 2);
            Set<String> handedOver = Set.copyOf(b.ownedLeaseKeys());
            written.addAll(aws.streams().putRecords(stream, records(300, 500)));
            waiting("the child processed records of the second round").until(() -> Journal.read(journal)
                    .records().stream().map(Journal.Line::position).filter(p -> written.subList(300, 500)
                            .contains(p.sequenceNumber())).count() > 0);

            child.destroyForcibly(); // SIGKILL: no shutdown hook, no handoff, no final checkpoint
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            written.addAll(aws.streams().putRecords(stream, records(500, 700)));

            waiting("b took every shard").until(() -> joined.ownedLeaseKeys().size() == SHARDS);
            waiting("every record processed by one worker or the other").until(() -> processedAnywhere(journal)
                    .containsAll(written));
            Journal killed = Journal.read(journal);
            for (String shard : handedOver) {
                assertThat(ledger.lastStart("b", shard).orElseThrow().input().startingPosition())
                        .as("b starts the handed-over %s exactly after the child's final checkpoint", shard)
                        .isEqualTo(killed.lastCheckpoint(shard).orElseThrow());
            }
            for (String shard : killed.shards()) {
                if (handedOver.contains(shard)) {
                    continue;
                }
                ExtendedSequenceNumber start = ledger.lastStart("b", shard).orElseThrow().input().startingPosition();
                assertThat(start).as("b resumes %s at a checkpoint the child wrote", shard)
                        .isGreaterThanOrEqualTo(killed.lastCheckpoint(shard).orElseThrow())
                        .isLessThanOrEqualTo(killed.lastAttempt(shard).orElseThrow());
                assertThat(ledger.entries).filteredOn(e -> e.worker().equals("b") && e.shardId().equals(shard))
                        .allMatch(e -> e.position().isAfter(start));
            }
            Set<ExtendedSequenceNumber> byChild = killed.records().stream().map(Journal.Line::position)
                    .collect(Collectors.toSet());
            assertThat(ledger.entries).filteredOn(e -> handedOver.contains(e.shardId()))
                    .as("no duplicates on the shards handed over gracefully")
                    .noneMatch(e -> byChild.contains(e.position()));
        } finally {
            child.destroyForcibly();
            if (b != null) {
                b.close();
            }
        }
    }

    private Set<String> processedAnywhere(Path journal) {
        Set<String> processed = new HashSet<>();
        Journal.read(journal).records().forEach(line -> processed.add(line.position().sequenceNumber()));
        ledger.entries.forEach(e -> processed.add(e.position().sequenceNumber()));
        return processed;
    }

    /** The child's journal, as far as it got (a torn last line is ignored). */
    record Journal(List<Line> lines) {

        record Line(String kind, String shard, ExtendedSequenceNumber position, String rest) {
        }

        static Journal read(Path file) {
            if (!Files.exists(file)) {
                return new Journal(List.of());
            }
            try {
                List<Line> lines = new ArrayList<>();
                for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] f = text.split(" ");
                    if (f.length >= 5 && !f[4].isEmpty()) {
                        lines.add(new Line(f[0], f[2], ExtendedSequenceNumber.of(f[3], Long.parseLong(f[4])),
                                f.length > 5 ? f[5] : ""));
                    }
                }
                return new Journal(lines);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException torn) {
                return new Journal(List.of()); // read while a line was half written: the next poll reads again
            }
        }

        List<Line> records() {
            return lines.stream().filter(l -> l.kind().equals("R")).toList();
        }

        Set<String> shards() {
            return records().stream().map(Line::shard).collect(Collectors.toSet());
        }

        /** The highest checkpoint the child confirmed for {@code shard}. */
        Optional<ExtendedSequenceNumber> lastCheckpoint(String shard) {
            return lines.stream().filter(l -> l.kind().equals("C") && l.shard().equals(shard)
                    && l.rest().equals("OK")).map(Line::position).max(ExtendedSequenceNumber::compareTo);
        }

        /** The highest checkpoint the child attempted for {@code shard} (it may have died before confirming). */
        Optional<ExtendedSequenceNumber> lastAttempt(String shard) {
            return lines.stream().filter(l -> (l.kind().equals("P") || l.kind().equals("C"))
                    && l.shard().equals(shard)).map(Line::position).max(ExtendedSequenceNumber::compareTo);
        }
    }
}
