package io.shardline.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record to put on a test stream: an explicit partition key and its data.
 *
 * <p>The data array is copied in and out; equality is by partition key and data content.
 *
 * @param partitionKey the partition key (1 to 256 characters)
 * @param data the record's bytes
 */
public record TestRecord(String partitionKey, byte[] data) {

    /** Checks the arguments and copies {@code data}. */
    public TestRecord {
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(data, "data");
        if (partitionKey.isEmpty() || partitionKey.length() > 256) {
            throw new IllegalArgumentException("partitionKey must have 1 to 256 characters, was '" + partitionKey + "'");
        }
        data = data.clone();
    }

    /** A record whose data is {@code text} in UTF-8. */
    public static TestRecord of(String partitionKey, String text) {
        return new TestRecord(partitionKey, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the record's bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The data decoded as UTF-8. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    int size() {
        return data.length + partitionKey.length();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TestRecord that
                && partitionKey.equals(that.partitionKey)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * partitionKey.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "TestRecord[partitionKey=" + partitionKey + ", " + data.length + " bytes]";
    }
}
