package io.shardline.multilang;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line KCL's MultiLangDaemon accepts, and start-up failures that name what is wrong (exit code 2). */
class MultiLangDaemonTest {

    @Test
    void withoutAPropertiesFileItExitsWith2SayingHowToGiveOne() {
        Result result = run();

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("Properties file missing").contains("--properties-file FILE, -p FILE");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Result result = run("-p", dir.resolve("nope.properties").toString());

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("nope.properties does not exist");
    }

    @Test
    void aMissingRequiredKeyStopsTheStartNamingIt(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("app.properties"), "streamName = s\napplicationName = a\n");

        Result result = run(file.toString());

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("property executableName is required");
    }

    @Test
    void theOptionTakesPrecedenceOverThePositionalFileAsInKcl(@TempDir Path dir) throws IOException {
        Path positional = Files.writeString(dir.resolve("positional.properties"), "streamName = s\n");
        Path option = Files.writeString(dir.resolve("option.properties"),
                "executableName = node app.js\nstreamName = s\napplicationName = a\nmaxRecords = many\n");

        Result result = run(positional.toString(), "--properties-file", option.toString());

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("option.properties").contains("property maxRecords: 'many'");
    }

    private record Result(int code, String err) {
    }

    private static Result run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = MultiLangDaemon.run(args);
            return new Result(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
