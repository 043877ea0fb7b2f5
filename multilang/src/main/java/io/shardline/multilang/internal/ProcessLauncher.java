package io.shardline.multilang.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** Starts {@code command} in {@code workingDirectory} as a child process, one per shard. */
public final class ProcessLauncher implements ChildConnection.Launcher {

    private final List<String> command;
    private final Path workingDirectory;

    public ProcessLauncher(List<String> command, Path workingDirectory) {
        this.command = List.copyOf(command);
        this.workingDirectory = workingDirectory;
    }

    @Override
    public ChildConnection start(String shardId) throws IOException {
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).start();
        return new ProcessConnection(process);
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " (in " + workingDirectory + ")";
    }

    private record ProcessConnection(Process process) implements ChildConnection {

        @Override
        public OutputStream input() {
            return process.getOutputStream();
        }

        @Override
        public InputStream output() {
            return process.getInputStream();
        }

        @Override
        public InputStream errors() {
            return process.getErrorStream();
        }

        @Override
        public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue())
                    : OptionalInt.empty();
        }

        @Override
        public void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        @Override
        public String describe() {
            return "pid " + process.pid();
        }
    }
}
