package io.shardline.multilang.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js sample processor ({@code multilang/node-sample}: processor.js on npm's aws-kcl, pinned by package.json
 * and package-lock.json) installed with {@code npm ci} into a cache directory named after the hash of those files, as
 * testing's LocalAws installs the emulators: {@code npm ci} runs only when the directory has no marker yet, under a
 * file lock. {@code SHARDLINE_NODE_SAMPLE_DIR} overrides the directory.
 */
final class NodeSample {

    static final List<String> FILES = List.of("package.json", "package-lock.json", "processor.js");
    private static final String MARKER = ".shardline-installed";

    private NodeSample() {
    }

    /** Installs (once) and returns the directory holding processor.js and its node_modules. */
    static Path install(Path sources) {
        try {
            String hash = hash(sources);
            String override = System.getenv("SHARDLINE_NODE_SAMPLE_DIR");
            Path dir = (override != null && !override.isBlank() ? Path.of(override)
                    : Path.of(System.getProperty("user.home"), ".cache", "shardline", "multilang-node", hash))
                    .toAbsolutePath();
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                for (String file : FILES) {
                    Files.copy(sources.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
                Path marker = dir.resolve(MARKER);
                if (!Files.isRegularFile(marker) || !Files.readString(marker).trim().equals(hash)
                        || !Files.isDirectory(dir.resolve("node_modules/aws-kcl"))) {
                    npmCi(dir);
                    Files.writeString(marker, hash + "\n");
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void npmCi(Path dir) throws IOException {
        Path log = dir.resolve("npm-ci.log");
        Process npm = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund",
                "--loglevel=warn").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!npm.waitFor(5, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci in " + dir + " did not finish within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + dir + " failed (" + npm.exitValue() + "): "
                    + Files.readString(log));
        }
    }

    private static String hash(Path sources) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String file : List.of("package.json", "package-lock.json")) {
                digest.update(Files.readAllBytes(sources.resolve(file)));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
