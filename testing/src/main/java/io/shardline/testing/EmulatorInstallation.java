package io.shardline.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The npm emulators (kinesis-local, dynalite) installed in a cache directory with {@code npm ci}.
 *
 * <p>The pinned {@code package.json} and {@code package-lock.json} ship as resources of this module. The
 * cache directory is named after their hash, so a new pin installs beside the old one. {@code npm ci} runs only
 * when the directory has no marker file yet; a file lock (plus a JVM-wide lock, since file locks are per
 * process) keeps concurrent JVMs from installing into the same directory at once.
 */
final class EmulatorInstallation {

    static final String NODE_HINT = "install Node.js 18+ with npm (20+ recommended: dynalite 4 declares node >= 20)";

    private static final Logger log = LoggerFactory.getLogger(EmulatorInstallation.class);
    private static final String RESOURCES = "/io/shardline/testing/emulators/";
    private static final String PRELOAD = "shardline-preload.js";
    private static final String MARKER = ".shardline-installed";
    private static final Duration NODE_VERSION_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.");
    private static final ReentrantLock JVM_LOCK = new ReentrantLock();

    private final Path dir;
    private final String node;

    private EmulatorInstallation(Path dir, String node) {
        this.dir = dir;
        this.node = node;
    }

    /** Checks node, installs the emulators if this cache directory does not have them yet, and returns them. */
    static EmulatorInstallation ensureInstalled() {
        String node = Settings.NODE.valueOr("node");
        byte[] packageJson = resource("package.json");
        byte[] lock = resource("package-lock.json");
        String hash = sha256(packageJson, lock).substring(0, 16);
        Path dir = Settings.EMULATORS_DIR.path()
                .orElseGet(() -> defaultCacheRoot().resolve(hash))
                .toAbsolutePath();
        checkNodeVersion(node, dir);
        EmulatorInstallation installation = new EmulatorInstallation(dir, node);
        installation.installIfMissing(packageJson, lock, hash);
        return installation;
    }

    Path dir() {
        return dir;
    }

    String node() {
        return node;
    }

    Path preload() {
        return dir.resolve(PRELOAD);
    }

    Path kinesisMain() {
        return dir.resolve("node_modules/kinesis-local/main.js");
    }

    /** kinesis-mock will not start without a certificate for its TLS port, even when only plain HTTP is used. */
    Path kinesisCertificate() {
        return dir.resolve("node_modules/kinesis-local/server.json");
    }

    Path dynaliteCli() {
        return dir.resolve("node_modules/dynalite/cli.js");
    }

    private static Path defaultCacheRoot() {
        return cacheRoot(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
    }

    /** {@code $XDG_CACHE_HOME/shardline/emulators} when set, else {@code <user.home>/.cache/shardline/emulators}. */
    static Path cacheRoot(String xdgCacheHome, String userHome) {
        Path cache = xdgCacheHome != null && !xdgCacheHome.isBlank()
                ? Path.of(xdgCacheHome)
                : Path.of(userHome, ".cache");
        return cache.resolve("shardline").resolve("emulators");
    }

    private void installIfMissing(byte[] packageJson, byte[] lock, String hash) {
        JVM_LOCK.lock();
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock fileLock = channel.lock();
                try {
                    writeIfChanged(dir.resolve("package.json"), packageJson);
                    writeIfChanged(dir.resolve("package-lock.json"), lock);
                    writeIfChanged(preload(), resource(PRELOAD));
                    if (!installed(hash)) {
                        npmCi();
                        Files.writeString(dir.resolve(MARKER), hash + "\n");
                    }
                } finally {
                    fileLock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the emulator directory " + dir, e);
        } finally {
            JVM_LOCK.unlock();
        }
    }

    private boolean installed(String hash) throws IOException {
        Path marker = dir.resolve(MARKER);
        return Files.isRegularFile(marker)
                && Files.readString(marker).trim().equals(hash)
                && Files.isRegularFile(kinesisMain())
                && Files.isRegularFile(kinesisCertificate())
                && Files.isRegularFile(dynaliteCli());
    }

    private void npmCi() throws IOException {
        String npm = Settings.NPM.valueOr("npm");
        Path npmLog = dir.resolve("npm-ci.log");
        List<String> command = List.of(npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=warn");
        log.info("Installing the Kinesis and DynamoDB emulators with '{}' in {}", String.join(" ", command), dir);
        long started = System.nanoTime();
        ProcessSupport.Result result;
        try {
            result = ProcessSupport.run(command, dir, npmLog, NPM_CI_TIMEOUT);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + npm + "' (" + e.getMessage() + "): " + NODE_HINT
                    + "; or point " + Settings.NPM + " at npm", e);
        }
        if (result.exitCode() != 0) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' in " + dir + " failed with exit code "
                    + result.exitCode() + " (" + NODE_HINT + "); its output:\n" + result.output());
        }
        log.info("Installed the emulators in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private static void checkNodeVersion(String node, Path workDir) {
        String output;
        Path versionFile = null;
        try {
            Files.createDirectories(workDir);
            // One file per call: JVMs starting side by side must not share it.
            versionFile = Files.createTempFile(workDir, "node-version", ".txt");
            ProcessSupport.Result result = ProcessSupport.run(List.of(node, "--version"), null, versionFile,
                    NODE_VERSION_TIMEOUT);
            output = result.output().trim();
            if (result.exitCode() != 0) {
                throw new IllegalStateException("'" + node + " --version' failed (" + output + "): " + NODE_HINT);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Node.js not found (tried '" + node + "': " + e.getMessage() + "): "
                    + NODE_HINT + ", or point " + Settings.NODE + " at a node executable", e);
        } finally {
            deleteQuietly(versionFile);
        }
        Matcher matcher = NODE_VERSION.matcher(output);
        if (!matcher.find() || Integer.parseInt(matcher.group(1)) < 18) {
            throw new IllegalStateException("Node.js " + output + " is too old or unknown (" + node + "): " + NODE_HINT);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a stray temp file in the cache directory is harmless
            }
        }
    }

    private static void writeIfChanged(Path target, byte[] content) throws IOException {
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
            return;
        }
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        Files.write(temp, content);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] resource(String name) {
        try (InputStream in = EmulatorInstallation.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCES + name + " is missing from shardline-testing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + RESOURCES + name, e);
        }
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "emulators in " + dir + " (node '" + node + "')";
    }
}
