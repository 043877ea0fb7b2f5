package io.shardline.testing.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardline.testing.LocalAws;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping the emulators: clean stops, clear errors, and no orphans when the JVM dies. */
class LocalAwsLifecycleIT {

    private static final String NODE_PROPERTY = "shardline.node";

    @BeforeEach
    void onlyForTheEmulatorsBackend() {
        assumeTrue(LocalAws.Backend.configured() == LocalAws.Backend.EMULATORS,
                "lifecycle of the npm emulators; the configured backend is " + LocalAws.Backend.configured());
    }

    @Test
    void closeStopsBothEmulators() {
        LocalAws aws = LocalAws.start(LocalAws.Backend.EMULATORS);
        Map<String, Long> pids;
        try {
            pids = aws.emulatorPids();
            assertThat(pids).containsOnlyKeys("kinesis", "dynamodb");
            assertThat(pids.values()).allSatisfy(pid -> assertThat(alive(pid)).isTrue());
            assertThat(aws.kinesis().listStreams().streamNames()).isNotNull();
            assertThat(aws.dynamoDb().listTables().tableNames()).isNotNull();
            assertThat(aws.logTail(5)).contains("kinesis (pid " + pids.get("kinesis"))
                    .contains("dynamodb (pid " + pids.get("dynamodb"));
            pidDirectory().ifPresent(dir -> assertThat(pids.values())
                    .allSatisfy(pid -> assertThat(dir.resolve(pid + ".pid")).exists()));
        } finally {
            aws.close();
        }
        assertThat(pids.values()).allSatisfy(pid -> assertThat(alive(pid)).as("pid %s alive", pid).isFalse());
        assertThatThrownBy(aws::kinesis).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void missingNodeFailsWithAnInstallHint() {
        withNode("/nonexistent/shardline-test/node", () ->
                assertThatThrownBy(() -> LocalAws.start(LocalAws.Backend.EMULATORS))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("install Node.js 18+ with npm"));
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void anEmulatorThatExitsFailsStartWithItsLogTail(@TempDir Path dir) throws IOException {
        Path fakeNode = dir.resolve("node");
        Files.writeString(fakeNode, """
                #!/bin/sh
                if [ "$1" = "--version" ]; then echo v20.0.0; exit 0; fi
                echo "simulated emulator crash: no such luck"
                exit 3
                """);
        Files.setPosixFilePermissions(fakeNode, PosixFilePermissions.fromString("rwx------"));
        withNode(fakeNode.toString(), () ->
                assertThatThrownBy(() -> LocalAws.start(LocalAws.Backend.EMULATORS))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("kinesis exited with code 3")
                        .hasMessageContaining("simulated emulator crash: no such luck"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void emulatorsStopWhenTheirJvmIsKilled(@TempDir Path dir) throws Exception {
        Process child = startChildJvm(dir.resolve("child.log"));
        List<Long> pids = new ArrayList<>();
        try {
            String line = CompletableFuture.supplyAsync(() -> pidsLine(child)).get(3, TimeUnit.MINUTES);
            for (String pid : line.substring(OrphanGuardChild.PIDS_LINE.length()).trim().split(" ")) {
                pids.add(Long.parseLong(pid));
            }
            assertThat(pids).hasSize(2).allSatisfy(pid -> assertThat(alive(pid)).isTrue());

            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            await("emulators of the killed JVM exit").atMost(Duration.ofSeconds(20))
                    .until(() -> pids.stream().noneMatch(LocalAwsLifecycleIT::alive));
        } finally {
            child.destroyForcibly();
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static Process startChildJvm(Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        for (String property : List.of("shardline.emulators.dir", "shardline.emulators.logDir", "shardline.pid.dir",
                "shardline.npm", NODE_PROPERTY)) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.add(OrphanGuardChild.class.getName());
        return new ProcessBuilder(command).redirectError(log.toFile()).start();
    }

    private static String pidsLine(Process child) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(OrphanGuardChild.PIDS_LINE)) {
                    return line;
                }
            }
            throw new IllegalStateException("the child JVM ended without printing its emulator pids");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void withNode(String node, Runnable body) {
        String previous = System.getProperty(NODE_PROPERTY);
        System.setProperty(NODE_PROPERTY, node);
        try {
            body.run();
        } finally {
            if (previous == null) {
                System.clearProperty(NODE_PROPERTY);
            } else {
                System.setProperty(NODE_PROPERTY, previous);
            }
        }
    }

    private static java.util.Optional<Path> pidDirectory() {
        String dir = System.getProperty("shardline.pid.dir", System.getenv("SHARDLINE_PID_DIR"));
        return dir == null || dir.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(dir));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
