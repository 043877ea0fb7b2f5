package io.shardline.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small helpers around child processes and their log files. */
final class ProcessSupport {

    private static final int TAIL_WINDOW_BYTES = 256 * 1024;

    private ProcessSupport() {
    }

    /** Output and exit code of a finished command. */
    record Result(int exitCode, String output) {
    }

    /**
     * Runs a command to completion, its stdout and stderr merged into {@code log}.
     *
     * @throws IOException when the program cannot be started (not installed, not executable)
     * @throws IllegalStateException when it does not finish within {@code timeout} (it is then killed)
     */
    static Result run(List<String> command, Path workDir, Path log, Duration timeout) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command)
                .directory(workDir == null ? null : workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process, Duration.ofSeconds(2));
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish within "
                        + timeout + "; its output:\n" + tail(log, 40));
            }
        } catch (InterruptedException e) {
            stop(process, Duration.ofSeconds(2));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + String.join(" ", command) + "'", e);
        }
        return new Result(process.exitValue(), tail(log, 200));
    }

    /** Asks the process (and its descendants) to stop, and kills whatever still runs after {@code grace}. */
    static void stop(Process process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The last {@code lines} lines of a text file; an empty string when it does not exist. */
    static String tail(Path file, int lines) {
        if (lines <= 0 || !Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int window = (int) Math.min(length, TAIL_WINDOW_BYTES);
            byte[] bytes = new byte[window];
            in.seek(length - window);
            in.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
            int from = Math.max(0, all.length - lines);
            return String.join("\n", Arrays.asList(all).subList(from, all.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
