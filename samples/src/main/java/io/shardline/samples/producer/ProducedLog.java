package io.shardline.samples.producer;

import io.shardline.samples.common.SamplePayload;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The producer's log of acknowledged records, one line each in acknowledgement order: {@code <seq> <key>} (the key
 * last, since partition keys may contain spaces). Flushed after every PutRecords call. Thread-safe.
 */
public final class ProducedLog implements AutoCloseable {

    /** One line: a record the producer put. */
    public record Line(long seq, String key) {

        /** The line in {@code text}, or empty when it is torn. */
        public static Optional<Line> parse(String text) {
            int space = text.indexOf(' ');
            if (space <= 0 || space == text.length() - 1) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Line(Long.parseLong(text.substring(0, space)), text.substring(space + 1)));
            } catch (NumberFormatException torn) {
                return Optional.empty();
            }
        }
    }

    private final BufferedWriter out;

    private ProducedLog(BufferedWriter out) {
        this.out = out;
    }

    public static ProducedLog create(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new ProducedLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    public synchronized void append(List<SamplePayload> acknowledged) {
        try {
            for (SamplePayload p : acknowledged) {
                out.write(p.seq() + " " + p.key());
                out.newLine();
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the produced log", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the produced log", e);
        }
    }
}
