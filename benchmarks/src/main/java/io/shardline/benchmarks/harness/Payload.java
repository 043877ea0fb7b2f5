package io.shardline.benchmarks.harness;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The data of a benchmark record: when the producer put it and its ordinal within its partition key, so a worker's
 * {@code EVENT} line carries what the driver needs for latency and per-key order. Text form {@code p:<putMillis>:<n>}
 * (no whitespace, so it prints as one token).
 *
 * @param putMillis wall-clock time just before the producer's PutRecord(s) call
 * @param keySeq 0-based ordinal of the record among those of its partition key
 */
public record Payload(long putMillis, long keySeq) {

    private static final String PREFIX = "p:";

    public String text() {
        return PREFIX + putMillis + ":" + keySeq;
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses {@link #text()}; empty for anything else (a record that some other producer put). */
    public static Optional<Payload> parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int colon = text.indexOf(':', PREFIX.length());
        if (colon < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Payload(Long.parseLong(text.substring(PREFIX.length(), colon)),
                    Long.parseLong(text.substring(colon + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Parses a record's bytes, see {@link #parse(String)}. */
    public static Optional<Payload> parse(byte[] data) {
        if (data == null || data.length > 64) {
            return Optional.empty();
        }
        return parse(new String(data, StandardCharsets.UTF_8));
    }
}
