package io.shardline.samples.demo;

import io.shardline.samples.Samples;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A sample command ({@code produce}, {@code count}) in its own JVM, started with this JVM's classpath. Its standard
 * output is read line by line on a thread of its own ({@code demo-out-<name>}) and handed to a listener; its
 * standard error (the logs) goes to a file.
 */
final class ChildJvm {

    /**
     * Small heap, serial GC and the C1 compiler only: the demo runs five JVMs and two emulators on what may be a
     * 2-core machine, and short-lived JVMs spend most CPU on start-up and JIT compilation.
     */
    private static final List<String> JVM_FLAGS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");

    private final String name;
    private final Process process;

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /** Starts {@code Samples <args>} as {@code name}; {@code onLine} gets each line it prints. */
    static ChildJvm start(String name, List<String> args, Path log, Consumer<String> onLine) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Samples.class.getName());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Thread reader = new Thread(() -> read(process, onLine), "demo-out-" + name);
            reader.setDaemon(true);
            reader.start();
            return new ChildJvm(name, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    private static void read(Process process, Consumer<String> onLine) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                onLine.accept(line);
            }
        } catch (IOException processGone) {
            // the process ended; its last lines are in already
        }
    }

    /** Writes {@code line} to its standard input. */
    void send(String line) {
        try {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + name, e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no handoff, no final checkpoint. */
    void kill() {
        process.destroyForcibly();
    }

    /** SIGTERM: the sample's shutdown hook stops it gracefully. */
    void terminate() {
        process.destroy();
    }

    /** Waits until it exited; false when {@code timeout} passed first. */
    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int exitValue() {
        return process.exitValue();
    }
}
