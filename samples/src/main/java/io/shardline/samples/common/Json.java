package io.shardline.samples.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/** The samples' one Jackson mapper and the two reads they need. */
public final class Json {

    /** Thread-safe once configured; shared. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** {@code text} parsed as a JSON object, or empty when it is not valid JSON or not an object. */
    public static Optional<JsonNode> object(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }

    /**
     * The scalar field {@code name} of {@code object} as text (numbers as written), or {@code null} when it is
     * absent, JSON null, an object or an array.
     */
    public static String text(JsonNode object, String name) {
        JsonNode value = object.get(name);
        return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
    }
}
