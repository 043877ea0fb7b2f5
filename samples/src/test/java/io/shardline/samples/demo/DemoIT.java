package io.shardline.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The demo as CI runs it: a short mode ({@code --duration 20s --rate 50}) in its own JVM, with the split and the
 * SIGKILL, output not on a terminal. Checks the one VERIFIED line and the exit status.
 */
class DemoIT {

    private static final Pattern VERIFIED = Pattern.compile(
            "VERIFIED produced=(\\d+) processed=(\\d+) lost=(\\d+) order_violations=(\\d+) duplicates=(\\d+)");

    @Test
    void theDemoLosesNothingAndKeepsEveryKeyInOrderThroughASplitAndASigkill() throws Exception {
        Path dir = Path.of("target", "demo-it").toAbsolutePath();
        Files.createDirectories(dir);
        Path output = dir.resolve("stdout.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        System.getProperties().stringPropertyNames().stream().filter(p -> p.startsWith("shardline."))
                .forEach(p -> command.add("-D" + p + "=" + System.getProperty(p)));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Demo.class.getName(),
                "--duration", "20s", "--rate", "50", "--run-dir", dir.toString()));
        Process demo = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertThat(demo.waitFor(150, TimeUnit.SECONDS)).as("the demo finished; output:%n%s", read(output)).isTrue();
        } finally {
            demo.destroyForcibly();
        }
        String out = read(output);
        List<String> verdicts = out.lines().filter(l -> l.startsWith("VERIFIED")).toList();
        assertThat(verdicts).as(out).hasSize(1);
        assertThat(out.lines().reduce((a, b) -> b)).as("VERIFIED is the last line").contains(verdicts.get(0));
        Matcher m = VERIFIED.matcher(verdicts.get(0));
        assertThat(m.matches()).as(verdicts.get(0)).isTrue();
        long produced = Long.parseLong(m.group(1));
        assertThat(produced).as("20 s at 50 records/s").isBetween(800L, 1_100L);
        assertThat(Long.parseLong(m.group(2))).isEqualTo(produced);
        assertThat(Long.parseLong(m.group(3))).as("lost").isZero();
        assertThat(Long.parseLong(m.group(4))).as("order violations").isZero();
        assertThat(demo.exitValue()).as(out).isZero();
        assertThat(out).as("plain lines, not the live view").doesNotContain("\033[")
                .contains("split #", "SIGKILL w");
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
