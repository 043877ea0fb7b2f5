package io.shardline.testing.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a journal another process is appending to, a little at a time: each {@link #readNew()} parses only the
 * complete lines written since the last call (a line still being written waits for the next call), so polling it
 * often stays cheap however long the run. Keeps every event read. Not thread-safe (the test thread polls it).
 */
final class JournalTail {

    private final Path file;
    private final List<JournalEvent> events = new ArrayList<>();
    private long offset;

    JournalTail(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The events of the complete lines written since the last call. */
    List<JournalEvent> readNew() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size <= offset) {
                return List.of();
            }
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(size - offset));
            while (bytes.hasRemaining() && channel.read(bytes, offset + bytes.position()) >= 0) {
                // read up to the size seen
            }
            String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return List.of();
            }
            offset += text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8).length;
            int first = events.size();
            for (String line : text.substring(0, end).split("\n")) {
                events.add(JournalEvent.parse(line, events.size()));
            }
            return List.copyOf(events.subList(first, events.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading journal " + file, e);
        }
    }

    /** Every event read so far, in journal order. */
    List<JournalEvent> all() {
        return List.copyOf(events);
    }

    /** Every event read so far, without a copy: valid until the next {@link #readNew()}. */
    List<JournalEvent> view() {
        return Collections.unmodifiableList(events);
    }

    /** How many lines were read so far. */
    int lines() {
        return events.size();
    }
}
