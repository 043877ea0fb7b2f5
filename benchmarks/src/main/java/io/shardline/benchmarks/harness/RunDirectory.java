package io.shardline.benchmarks.harness;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where the worker logs of one scenario run go: {@code benchmarks/target/bench-runs/<scenario>-<time>/}. */
public final class RunDirectory {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunDirectory() {
    }

    public static Path create(String scenario) {
        return base().resolve(scenario + "-" + LocalDateTime.now().format(STAMP)).toAbsolutePath();
    }

    /** {@code benchmarks/target} when running from its classes, the temp directory otherwise. */
    private static Path base() {
        try {
            Path classes = Path.of(RunDirectory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = classes.getParent();
            if (Files.isDirectory(classes) && target != null && target.getFileName().toString().equals("target")) {
                return target.resolve("bench-runs");
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "shardline-bench-runs");
    }
}
