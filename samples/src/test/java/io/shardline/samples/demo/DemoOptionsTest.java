package io.shardline.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.samples.common.Cli;
import io.shardline.samples.producer.ProducerApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A bad option value fails before anything starts, with a message naming the option, the rule and the value. */
class DemoOptionsTest {

    @Test
    void zeroWorkersAreRejectedNamingTheOptionAndTheValue() {
        assertThat(errorOf(new Demo(), "--workers=0")).contains("--workers must be at least 1, was 0");
    }

    @Test
    void aNegativeDurationIsRejectedAsNotPositive() {
        assertThat(errorOf(new Demo(), "--duration=-5s")).contains("--duration must be positive, was -5s");
    }

    @Test
    void aZeroRateIsRejected() {
        assertThat(errorOf(new Demo(), "--rate=0")).contains("--rate must be positive, was 0.0");
    }

    @Test
    void theProducersNegativeDurationIsRejected() {
        assertThat(errorOf(new ProducerApp(), "--stream=s", "--duration=-1m"))
                .contains("--duration must not be negative, was -1m");
    }

    /** What the command prints to stderr (picocli's own writer and System.err, where option checks report). */
    private static String errorOf(Object command, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Cli.commandLine(command);
        cli.setErr(new PrintWriter(err, true));
        ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = cli.execute(args);
        } finally {
            System.setErr(original);
        }
        assertThat(status).as("exit status of %s", String.join(" ", args)).isEqualTo(2);
        return err + systemErr.toString(StandardCharsets.UTF_8);
    }
}
