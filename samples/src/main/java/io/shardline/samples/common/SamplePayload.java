package io.shardline.samples.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
        return Json.MAPPER.createObjectNode().put("key", key).put("seq", seq).put("ts", ts).put("value", value)
                .toString();
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
        Optional<JsonNode> object = Json.object(json);
        if (object.isEmpty()) {
            return Optional.empty();
        }
        JsonNode f = object.get();
        String key = f.path("key").isTextual() ? f.get("key").asText() : null;
        if (key == null || !f.path("seq").canConvertToExactIntegral() || !f.path("ts").canConvertToExactIntegral()
                || !f.path("value").canConvertToExactIntegral()) {
            return Optional.empty();
        }
        return Optional.of(new SamplePayload(key, f.get("seq").asLong(), f.get("ts").asLong(), f.get("value").asLong()));
    }
}
