package io.shardline.kclcompat;

import io.shardline.testing.LocalAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A {@link KclWorkerMain} JVM started by this test (its PID is the only one it ever signals): its journal, parsed,
 * and its log file. {@link #stopGracefully()} sends SIGTERM (KCL's graceful shutdown runs in the worker's shutdown
 * hook), {@link #kill()} SIGKILL ({@link Process#destroyForcibly()}).
 */
final class KclWorker implements AutoCloseable {

    private static final long EXIT_TIMEOUT_SECONDS = 90;

    private final String workerId;
    private final Process process;
    private final Path journal;
    private final Path log;

    private KclWorker(String workerId, Process process, Path journal, Path log) {
        this.workerId = workerId;
        this.process = process;
        this.journal = journal;
        this.log = log;
    }

    /** Starts a KCL worker JVM on this JVM's class path against {@code aws}'s emulators; files go to {@code dir}. */
    static KclWorker start(LocalAws aws, String stream, String application, String workerId, Path dir) {
        try {
            Files.createDirectories(dir);
            Path journal = dir.resolve(workerId + ".journal");
            Path log = dir.resolve(workerId + ".log");
            Files.deleteIfExists(journal);
            Files.createFile(journal);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), KclWorkerMain.class.getName(),
                    aws.kinesisEndpoint().toString(), aws.dynamoDbEndpoint().toString(), aws.region().id(),
                    stream, application, workerId, journal.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            return new KclWorker(workerId, process, journal, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start KCL worker " + workerId, e);
        }
    }

    String workerId() {
        return workerId;
    }

    /** Whether KCL's scheduler finished initializing. */
    boolean started() {
        return lines().contains("STARTED");
    }

    /** Every record delivered so far, in delivery order (the journal's line number is the order). */
    List<Delivery> deliveries() {
        List<String> lines = lines();
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("R ")) {
                String[] f = line.split(" ", 6);
                deliveries.add(Delivery.of(workerId, i, f[1], f[2], Long.parseLong(f[3]), f[4], f[5]));
            }
        }
        return deliveries;
    }

    /**
     * Shards whose lease KCL lost while running ({@code L} lines), not counting the {@code leaseLost} KCL calls after
     * {@code shutdownRequested} of the same processor (a graceful stop or handoff, everything checkpointed).
     */
    Set<String> lostLeases() {
        Set<String> lost = new TreeSet<>();
        Set<String> shutDown = new HashSet<>();
        for (String line : lines()) {
            String[] f = line.split(" ");
            if (f[0].equals("I")) {
                shutDown.remove(f[1]);
            } else if (f[0].equals("S")) {
                shutDown.add(f[1]);
            } else if (f[0].equals("L") && !shutDown.contains(f[1])) {
                lost.add(f[1]);
            }
        }
        return lost;
    }

    /** The journal's lines; a line being written (no newline yet) is left out. */
    List<String> lines() {
        try {
            String text = Files.readString(journal, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, then waits for the JVM to exit: KCL's graceful shutdown (shutdownRequested, checkpoints). */
    int stopGracefully() {
        process.destroy();
        return awaitExit();
    }

    /** SIGKILL: KCL gets no chance to checkpoint or release anything. */
    int kill() {
        process.destroyForcibly();
        return awaitExit();
    }

    private int awaitExit() {
        try {
            if (!process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("KCL worker " + workerId + " (pid " + process.pid()
                        + ") did not exit within " + EXIT_TIMEOUT_SECONDS + " s; log " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for KCL worker " + workerId, e);
        }
    }

    /** The end of the worker's log, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "----- " + log + " -----\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines),
                    all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Kills the worker if it still runs (a failed test); only this test's own process. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
