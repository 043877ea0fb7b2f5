package io.shardline.samples.demo;

import io.shardline.samples.common.DeliveryJournal;
import io.shardline.samples.demo.DeliveryVerifier.WorkerJournal;
import io.shardline.samples.producer.ProducedLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The demo's run directory: the producer's log and the workers' journals, read back as they grow. */
final class RunFiles {

    private final Path dir;

    RunFiles(Path dir) {
        this.dir = dir;
    }

    Path journal(String worker) {
        return dir.resolve(worker + ".journal");
    }

    Path producedLog() {
        return dir.resolve("produced.log");
    }

    List<ProducedLog.Line> produced() {
        return readLines(producedLog(), ProducedLog.Line::parse);
    }

    List<WorkerJournal> journals(List<String> workers) {
        return workers.stream().map(w -> new WorkerJournal(w, readLines(journal(w), DeliveryJournal.Line::parse)))
                .toList();
    }

    /**
     * The parsed lines of {@code file} (none when it does not exist yet). Only complete lines count: a worker killed
     * in the middle of a write leaves a torn last line, which could otherwise parse as another record.
     */
    static <T> List<T> readLines(Path file, Function<String, Optional<T>> parser) {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return List.of();
        }
        return text.substring(0, end).lines().map(parser).flatMap(Optional::stream).toList();
    }
}
