package io.shardline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One emulator running as a child process of this JVM, its output kept in a log file. */
final class EmulatorProcess implements AutoCloseable {

    /** A call against the emulator that succeeds once it serves requests. */
    @FunctionalInterface
    interface HealthCheck {
        void call() throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(EmulatorProcess.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final long HEALTH_POLL_MILLIS = 100;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final List<Integer> ports;

    private EmulatorProcess(String name, Process process, Path logFile, List<Integer> ports) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.ports = List.copyOf(ports);
    }

    /**
     * Starts {@code command} with {@code env} added to this JVM's environment, stdout and stderr appended to
     * {@code logFile}. The child learns this JVM's pid ({@code SHARDLINE_PARENT_PID}) for the orphan guard of the
     * preload script, and its own pid is recorded in the pid directory when one is configured.
     */
    static EmulatorProcess launch(String name, List<String> command, Map<String, String> env, Path workDir,
                                  Path logFile, List<Integer> ports) {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(env);
            builder.environment().put("SHARDLINE_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
            Process process = builder.start();
            process.getOutputStream().close();
            EmulatorProcess emulator = new EmulatorProcess(name, process, logFile, ports);
            emulator.recordPid();
            log.info("Started {} (pid {}) on 127.0.0.1 port(s) {}, log {}", name, process.pid(), ports, logFile);
            return emulator;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + " with '" + String.join(" ", command) + "' ("
                    + e.getMessage() + "): " + EmulatorInstallation.NODE_HINT, e);
        }
    }

    /** Free TCP ports on the loopback interface, all different (the sockets are held open together). */
    static List<Integer> freeLoopbackPorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing to clean up
                }
            }
        }
    }

    /**
     * Calls {@code check} until it succeeds. Fails at once, with the log tail, when the process exits, and
     * after {@code timeout} otherwise.
     */
    void awaitHealthy(Duration timeout, HealthCheck check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure;
        while (true) {
            try {
                check.call();
                return;
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new EmulatorStartException(this, name + " did not answer within " + timeout
                        + " (last error: " + lastFailure + ")", lastFailure);
            }
            if (exitedWithin(HEALTH_POLL_MILLIS)) {
                throw new EmulatorStartException(this, name + " exited with code " + process.exitValue()
                        + " before it served requests", lastFailure);
            }
        }
    }

    private boolean exitedWithin(long millis) {
        try {
            process.onExit().get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name + " to start", e);
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

    List<Integer> ports() {
        return ports;
    }

    Path logFile() {
        return logFile;
    }

    String logTail(int lines) {
        return ProcessSupport.tail(logFile, lines);
    }

    /** Whether the log says the emulator could not bind its port (taken between our probe and its start). */
    boolean failedToBind() {
        String tail = logTail(200);
        return tail.contains("EADDRINUSE") || tail.contains("Address already in use");
    }

    /** Stops the process: SIGTERM, then SIGKILL after a grace period. Never throws. */
    @Override
    public void close() {
        if (process.isAlive()) {
            long started = System.nanoTime();
            ProcessSupport.stop(process, STOP_GRACE);
            log.info("Stopped {} (pid {}) in {} ms", name, process.pid(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void recordPid() {
        Settings.PID_DIR.path().ifPresent(dir -> {
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(process.pid() + ".pid"), "pid=" + process.pid() + " name=" + name
                        + " ports=" + ports + " jvm=" + ProcessHandle.current().pid() + " log=" + logFile + "\n");
            } catch (IOException e) {
                log.warn("Cannot record the pid of {} in {}: {}", name, dir, e.toString());
            }
        });
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", ports " + ports + ")";
    }

    /** An emulator that exited or did not answer; the message carries its log tail. */
    static final class EmulatorStartException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final transient EmulatorProcess emulator;

        EmulatorStartException(EmulatorProcess emulator, String message, Throwable cause) {
            super(message + "; log " + emulator.logFile() + ", last lines:\n" + emulator.logTail(50), cause);
            this.emulator = emulator;
        }

        EmulatorProcess emulator() {
            return emulator;
        }
    }
}
