package io.shardline.benchmarks.harness;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A worker in its own JVM, on this JVM's class path (which {@code benchmarks/run} sets from
 * {@code benchmarks/target/classpath.txt}). Its stdout is read line by line on a named thread: protocol lines
 * ({@link LineProtocol}) go to a listener, every line to a short in-memory tail; its stderr (the logs) goes to a file.
 *
 * <p>Stop it with {@link #sigterm()} (graceful: the JVM runs its shutdown hooks), {@link #kill9()} (SIGKILL, no
 * hooks) and {@link #awaitExit}. {@link #close()} kills it if it still runs.
 */
public final class WorkerProcess implements AutoCloseable {

    /** Extra JVM options of every worker, space separated (same for both systems so that the comparison is fair). */
    public static final String JVM_OPTS_ENV = "SHARDLINE_BENCH_WORKER_OPTS";
    private static final String DEFAULT_JVM_OPTS = "-Xmx384m -XX:+UseSerialGC";
    private static final int TAIL_LINES = 50;

    private final String workerId;
    private final Process process;
    private final Path log;
    private final long launchedNanos;
    private final long launchedMillis;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread reader;

    private WorkerProcess(String workerId, Process process, Path log, long launchedNanos, long launchedMillis,
                          Consumer<WorkerLine> listener) {
        this.workerId = workerId;
        this.process = process;
        this.log = log;
        this.launchedNanos = launchedNanos;
        this.launchedMillis = launchedMillis;
        this.reader = new Thread(() -> readLines(listener), "bench-worker-stdout-" + workerId);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Starts {@code mainClass} with {@code args} in a new JVM.
     *
     * @param logDir where its stderr goes, as {@code <workerId>.log}
     * @param listener called on the reader thread with each protocol line, in order
     */
    public static WorkerProcess launch(String workerId, Class<?> mainClass, List<String> args, Path logDir,
                                       Consumer<WorkerLine> listener) {
        Objects.requireNonNull(listener, "listener");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = System.getenv().getOrDefault(JVM_OPTS_ENV, DEFAULT_JVM_OPTS).strip();
        if (!opts.isEmpty()) {
            command.addAll(List.of(opts.split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(workerId + ".log");
            long launchedMillis = System.currentTimeMillis();
            long launched = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectError(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            return new WorkerProcess(workerId, process, log, launched, launchedMillis, listener);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + workerId + ": " + command, e);
        }
    }

    public String workerId() {
        return workerId;
    }

    public long pid() {
        return process.pid();
    }

    /** {@link System#nanoTime()} just before the JVM was started. */
    public long launchedNanos() {
        return launchedNanos;
    }

    /** Wall-clock time just before the JVM was started, comparable with the times of {@link WorkerLine}s. */
    public long launchedMillis() {
        return launchedMillis;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the worker dies at once, without shutdown hooks, leaving its leases to expire. */
    public void kill9() {
        process.destroyForcibly();
    }

    /** SIGTERM: the worker's shutdown hook runs its graceful shutdown. */
    public void sigterm() {
        process.destroy();
    }

    /** Whether the process exited within {@code timeout}. */
    public boolean awaitExit(Duration timeout) {
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                reader.join(TimeUnit.SECONDS.toMillis(5));
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last stdout lines and the end of the stderr log, for a failure message. */
    public String diagnostics(int logLines) {
        StringBuilder text = new StringBuilder("----- worker ").append(workerId).append(" pid ").append(pid())
                .append(isAlive() ? "" : " [exited " + process.exitValue() + "]").append(", stdout tail -----\n");
        synchronized (tail) {
            tail.forEach(line -> text.append(line).append('\n'));
        }
        text.append("----- ").append(log).append(" -----\n").append(logTail(logLines));
        return text.toString();
    }

    private String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Kills the worker if it still runs and waits for it. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill9();
            awaitExit(Duration.ofSeconds(10));
        }
    }

    private void readLines(Consumer<WorkerLine> listener) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                remember(line);
                try {
                    LineProtocol.parse(line).ifPresent(listener);
                } catch (RuntimeException e) {
                    remember("(listener failed on this line: " + e + ")");
                }
            }
        } catch (IOException e) {
            remember("(stdout closed: " + e + ")");
        }
    }

    private void remember(String line) {
        synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
    }
}
