package io.shardline.testing;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unique names of streams, tables and applications for one test, so tests sharing one {@link LocalAws} (or one
 * AWS account) never collide. Every call returns a new name: {@code <run>-<test>-<kind><n>}, where {@code <run>}
 * is unique per JVM ({@link #runPrefix()}) and {@code <test>} is the test's method name, shortened.
 * Names use only {@code [a-z0-9-]}, valid for Kinesis streams, consumers and DynamoDB tables alike.
 *
 * <p>JUnit tests get one as a parameter through {@link LocalAwsExtension}.
 */
public final class TestNames {

    private static final String RUN_PREFIX = "sl" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private static final int MAX_TEST_PART = 40;

    private final String base;
    /** JVM-wide, so two tests whose shortened names coincide still never share a name. */
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** Names for the test called {@code testName}. */
    public TestNames(String testName) {
        Objects.requireNonNull(testName, "testName");
        this.base = RUN_PREFIX + "-" + sanitize(testName);
    }

    /** The prefix every name of this JVM starts with: {@code sl} and 8 random hex digits. */
    public static String runPrefix() {
        return RUN_PREFIX;
    }

    /** A fresh stream name. */
    public String stream() {
        return next("s");
    }

    /** A fresh DynamoDB table name. */
    public String table() {
        return next("t");
    }

    /** A fresh application name (also usable as its lease table name). */
    public String application() {
        return next("app");
    }

    /** A fresh name of some other kind, for example {@code unique("consumer")}. */
    public String unique(String kind) {
        return next(sanitize(kind));
    }

    private String next(String kind) {
        return base + "-" + kind + COUNTER.incrementAndGet();
    }

    private static String sanitize(String name) {
        String clean = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (clean.isEmpty()) {
            clean = "x";
        }
        return clean.length() > MAX_TEST_PART ? clean.substring(0, MAX_TEST_PART) : clean;
    }

    @Override
    public String toString() {
        return "TestNames[" + base + "]";
    }
}
