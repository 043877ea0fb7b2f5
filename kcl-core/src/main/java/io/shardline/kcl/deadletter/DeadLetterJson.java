package io.shardline.kcl.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The JSON form of a {@link DeadLetterEntry}: one flat object of strings, numbers and nulls, the payload in base64.
 * Jackson's tree model, so any JSON tool reads what this writes and the reader rejects malformed text precisely.
 */
final class DeadLetterJson {

    /** Thread-safe once configured; shared. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeadLetterJson() {
    }

    static String write(DeadLetterEntry e) {
        ObjectNode json = MAPPER.createObjectNode()
                .put("application", e.application())
                .put("stream", e.stream())
                .put("shardId", e.shardId())
                .put("sequenceNumber", e.sequenceNumber())
                .put("subSequenceNumber", e.subSequenceNumber())
                .put("partitionKey", e.partitionKey())
                .put("explicitHashKey", e.explicitHashKey())
                .put("arrivedAt", e.arrivedAt().toString())
                .put("failedAt", e.failedAt().toString())
                .put("reason", e.reason().name())
                .put("errorClass", e.errorClass())
                .put("errorMessage", e.errorMessage())
                .put("attempts", e.attempts())
                .put("workerId", e.workerId())
                .put("data", Base64.getEncoder().encodeToString(e.dataAsBytes()));
        return json.toString();
    }

    static DeadLetterEntry read(String text) {
        JsonNode json;
        try {
            json = MAPPER.readTree(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a dead-letter entry: " + e.getOriginalMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("not a dead-letter entry: expected a JSON object, was "
                    + (json == null || json.isMissingNode() ? "empty text" : json.getNodeType()));
        }
        try {
            return new DeadLetterEntry(text(json, "application"), text(json, "stream"), text(json, "shardId"),
                    text(json, "sequenceNumber"), Long.parseLong(required(json, "subSequenceNumber")),
                    text(json, "partitionKey"), text(json, "explicitHashKey"),
                    ByteBuffer.wrap(Base64.getDecoder().decode(required(json, "data"))),
                    Instant.parse(required(json, "arrivedAt")), Instant.parse(required(json, "failedAt")),
                    DeadLetterEntry.Reason.valueOf(required(json, "reason")), text(json, "errorClass"),
                    text(json, "errorMessage"), Integer.parseInt(required(json, "attempts")),
                    text(json, "workerId"));
        } catch (NullPointerException | DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a dead-letter entry: " + e.getMessage(), e);
        }
    }

    /** The field's value as text (numbers as written), or null when absent or JSON null. */
    private static String text(JsonNode json, String name) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String required(JsonNode json, String name) {
        String value = text(json, name);
        if (value == null) {
            throw new IllegalArgumentException("field " + name + " is missing");
        }
        return value;
    }
}
