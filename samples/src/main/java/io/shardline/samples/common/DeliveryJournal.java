package io.shardline.samples.common;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Appends one line per record a worker processed, so a verifier can compare what was processed with what was put:
 * {@code <epoch micros> <shardId> <seq> <partition key>}, where {@code seq} is the producer's per-key sequence number
 * from the payload ({@code -1} when the payload is not a {@link SamplePayload}). The key comes last because a
 * partition key may contain spaces.
 *
 * <p>Processors call {@link #flush()} before every checkpoint: a record covered by a checkpoint is then in the
 * operating system's hands and survives a SIGKILL of the worker. Thread-safe (processors of several shards share
 * one journal).
 */
public final class DeliveryJournal implements AutoCloseable {

    /** One parsed line. */
    public record Line(long epochMicros, String shardId, long seq, String key) {

        /** The line in {@code text}, or empty when it is torn or not a journal line. */
        public static Optional<Line> parse(String text) {
            String[] f = text.split(" ", 4);
            if (f.length < 4 || f[3].isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Line(Long.parseLong(f[0]), f[1], Long.parseLong(f[2]), f[3]));
            } catch (NumberFormatException torn) {
                return Optional.empty();
            }
        }

        public String format() {
            return epochMicros + " " + shardId + " " + seq + " " + key;
        }
    }

    private final BufferedWriter out;
    private final Clock clock;

    private DeliveryJournal(BufferedWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** A journal appending to {@code file} (created if missing). */
    public static DeliveryJournal open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new DeliveryJournal(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + file, e);
        }
    }

    public synchronized void record(String shardId, String key, long seq) {
        Instant now = clock.instant();
        try {
            out.write(new Line(ChronoUnit.MICROS.between(Instant.EPOCH, now), shardId, seq, key).format());
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal", e);
        }
    }

    /** Hands everything written so far to the operating system. */
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush the journal", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the journal", e);
        }
    }
}
