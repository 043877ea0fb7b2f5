package io.shardline.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ShardlineTest {

    @Test
    void everyCommandHasHelp() {
        List<String> paths = new ArrayList<>();
        collect(new CommandLine(new Shardline()), List.of(), paths);
        assertThat(paths).contains("status", "leases move", "leases release", "tables check", "reset", "dlq list",
                "dlq show", "dlq redrive", "serve", "advise");
        for (String path : paths) {
            List<String> args = new ArrayList<>(List.of(path.split(" ")));
            args.add("--help");
            StringWriter out = new StringWriter();
            int status = Shardline.run(args.toArray(String[]::new), new PrintWriter(out, true),
                    new PrintWriter(new StringWriter(), true));
            assertThat(status).as(path).isZero();
            assertThat(out.toString()).as(path).startsWith("Usage: shardline " + path);
        }
    }

    @Test
    void aBadArgumentIsNamedWithItsValue() {
        StringWriter err = new StringWriter();
        int status = Shardline.run(new String[] {"reset", "--application", "app", "--stream", "s", "--to",
                "yesterday"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--to yesterday", "trim-horizon", "timestamp=");
    }

    @Test
    void resetTargetsParse() {
        assertThat(ResetPlanner.Target.parse("trim-horizon")).isInstanceOf(ResetPlanner.TrimHorizon.class);
        assertThat(ResetPlanner.Target.parse("latest")).isInstanceOf(ResetPlanner.Latest.class);
        assertThat(ResetPlanner.Target.parse("timestamp=2026-12-01T14:00:00Z"))
                .isEqualTo(new ResetPlanner.AtTimestamp(Instant.parse("2026-12-01T14:00:00Z")));
        assertThat(ResetPlanner.Target.parse("sequence=shardId-000000000001:4959"))
                .isEqualTo(new ResetPlanner.AfterSequence("shardId-000000000001", "4959"));
        assertThatThrownBy(() -> ResetPlanner.Target.parse("timestamp=yesterday"))
                .hasMessageContaining("timestamp=yesterday");
        assertThatThrownBy(() -> ResetPlanner.Target.parse("sequence=shardId-1:abc"))
                .hasMessageContaining("digits");
        assertThat(ResetPlanner.checkpointOf("4959/" + Long.MAX_VALUE).subSequenceNumber())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void livenessNeedsAChangeToBeAliveAndAStandstillToBeDead() {
        AtomicLong nanos = new AtomicLong();
        LivenessWatch watch = new LivenessWatch(Duration.ofSeconds(3), nanos::get);
        watch.observe("a", 5);
        watch.observe("b", 9);
        assertThat(watch.liveness("a")).isEqualTo("unknown");
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        watch.observe("a", 6);
        watch.observe("b", 9);
        assertThat(watch.liveness("a")).isEqualTo("alive");
        assertThat(watch.heartbeatAgeMillis("a")).isZero();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        watch.observe("b", 9);
        assertThat(watch.liveness("b")).isEqualTo("dead");
        assertThat(watch.liveness("a")).as("2 s since its change").isEqualTo("alive");
        assertThat(watch.liveness("c")).isEqualTo("unknown");
    }

    @Test
    void durationsParse() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> c.convert("soon")).hasMessageContaining("'soon'");
    }

    private static void collect(CommandLine cli, List<String> prefix, List<String> out) {
        cli.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            out.add(String.join(" ", path));
            collect(sub, path, out);
        });
    }
}
