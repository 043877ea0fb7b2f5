package io.shardline.samples.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The payload the sample producer writes, as a flat JSON object:
 * {@code {"key":"user-17","seq":42,"ts":1712345678901,"value":57}}.
 *
 * @param key   the partition key the record was put with
 * @param seq   the producer's sequence number for this key: 0, 1, 2, ... in the order the producer generated them
 * @param ts    when the producer generated the record (epoch milliseconds): the event time of the windowed app
 * @param value a number to aggregate (1 to 100)
 */
public record SamplePayload(String key, long seq, long ts, long value) {

    public SamplePayload {
        Objects.requireNonNull(key, "key");
    }

    public String toJson() {
        return "{\"key\":" + FlatJson.quote(key) + ",\"seq\":" + seq + ",\"ts\":" + ts + ",\"value\":" + value + "}";
    }

    public byte[] toBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }

    /** The payload in {@code data}, or empty when it is not one of ours. */
    public static Optional<SamplePayload> parse(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    /** The payload in {@code json}, or empty when it is not one of ours. */
    public static Optional<SamplePayload> parse(String json) {
        try {
            Map<String, String> f = FlatJson.parse(json);
            return Optional.of(new SamplePayload(f.get("key"), Long.parseLong(f.get("seq")),
                    Long.parseLong(f.get("ts")), Long.parseLong(f.get("value"))));
        } catch (RuntimeException notOurs) {
            return Optional.empty();
        }
    }
}
