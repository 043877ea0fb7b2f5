package io.shardline.benchmarks.cost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a worker publishes its {@link DynamoDbRequestCounter}'s counts for the driver: the file
 * {@code <dir>/<workerId>.dynamodb-requests}, rewritten (atomically) every {@value #PERIOD_MS} ms and at exit. The
 * driver reads two snapshots and divides by the time between their stamps, so the period only limits resolution.
 */
public final class CountsFile {

    static final long PERIOD_MS = 500;
    private static final Logger log = LoggerFactory.getLogger(CountsFile.class);

    private CountsFile() {
    }

    /** The counts file of {@code workerId} in {@code dir}. */
    public static Path of(Path dir, String workerId) {
        return dir.resolve(workerId + ".dynamodb-requests");
    }

    /** Starts publishing {@code counter} to {@code file} (a daemon thread, plus a last write at JVM exit). */
    public static void publish(DynamoDbRequestCounter counter, Path file) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bench-dynamodb-counts");
            thread.setDaemon(true);
            return thread;
        });
        Runnable write = () -> {
            try {
                write(file, counter.snapshot(System.currentTimeMillis()));
            } catch (RuntimeException e) {
                log.warn("cannot write {}: {}", file, e.toString());
            }
        };
        timer.scheduleAtFixedRate(write, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(write, "bench-dynamodb-counts-exit"));
    }

    static void write(Path file, RequestCounts counts) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, counts.format(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The latest snapshot in {@code file}, or empty when the worker has not written one yet. */
    public static Optional<RequestCounts> read(Path file) {
        try {
            return Files.exists(file)
                    ? Optional.of(RequestCounts.parse(Files.readString(file, StandardCharsets.UTF_8)))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
