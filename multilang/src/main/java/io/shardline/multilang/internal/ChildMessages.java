package io.shardline.multilang.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.KinesisClientRecord;
import java.util.List;
import java.util.Optional;

/**
 * The messages of KCL's MultiLangDaemon protocol: one JSON object per line, an {@code action} field naming the kind.
 * The daemon writes {@code initialize}, {@code processRecords}, {@code leaseLost}, {@code shardEnded},
 * {@code shutdownRequested} and {@code checkpoint} (the answer to a checkpoint request); the child writes
 * {@code status} (with {@code responseFor}: the action it completed) and {@code checkpoint} (a request). The field
 * names and encodings are KCL's: {@code data} base64, {@code approximateArrivalTimestamp} epoch milliseconds, each
 * record with {@code "action":"record"}.
 */
public final class ChildMessages {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ChildMessages() {
    }

    /** {@code initialize}: the shard and the checkpoint (or starting position) processing starts after. */
    @JsonPropertyOrder({"action", "shardId", "sequenceNumber", "subSequenceNumber"})
    public record Initialize(String action, String shardId, String sequenceNumber, Long subSequenceNumber) {
        public static Initialize of(String shardId, ExtendedSequenceNumber position) {
            return new Initialize("initialize", shardId, position.sequenceNumber(), position.subSequenceNumber());
        }
    }

    /** One record of {@code processRecords}. */
    @JsonPropertyOrder({"action", "data", "partitionKey", "sequenceNumber", "subSequenceNumber",
            "approximateArrivalTimestamp"})
    public record JsonRecord(String action, byte[] data, String partitionKey, String sequenceNumber,
            long subSequenceNumber, long approximateArrivalTimestamp) {
        public static JsonRecord of(KinesisClientRecord record) {
            return new JsonRecord("record", record.dataAsBytes(), record.partitionKey(), record.sequenceNumber(),
                    record.subSequenceNumber(), record.approximateArrivalTimestamp().toEpochMilli());
        }
    }

    /** {@code processRecords}. */
    @JsonPropertyOrder({"action", "records", "millisBehindLatest"})
    public record ProcessRecords(String action, List<JsonRecord> records, Long millisBehindLatest) {
        public static ProcessRecords of(List<KinesisClientRecord> records, long millisBehindLatest) {
            return new ProcessRecords("processRecords", records.stream().map(JsonRecord::of).toList(),
                    millisBehindLatest < 0 ? null : millisBehindLatest);
        }
    }

    /** A message that is only its action: {@code leaseLost}, {@code shardEnded}, {@code shutdownRequested}. */
    public record Bare(String action) {
    }

    /** The answer to a checkpoint request: the position asked for and, when it failed, KCL's exception name. */
    @JsonPropertyOrder({"action", "sequenceNumber", "subSequenceNumber", "error"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CheckpointResponse(String action, String sequenceNumber, Long subSequenceNumber, String error) {
        public static CheckpointResponse of(String sequenceNumber, Long subSequenceNumber, String error) {
            return new CheckpointResponse("checkpoint", sequenceNumber, subSequenceNumber, error);
        }
    }

    /** What the child writes. */
    public sealed interface FromChild permits Status, CheckpointRequest {
    }

    /** The child completed {@code responseFor}. */
    public record Status(String responseFor) implements FromChild {
    }

    /** The child asks to checkpoint: at the last record delivered (no sequence number), or at a position. */
    public record CheckpointRequest(String sequenceNumber, Long subSequenceNumber) implements FromChild {
    }

    /** One line as JSON. */
    public static String toLine(Object message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + message.getClass().getSimpleName(), e);
        }
    }

    /**
     * Parses a line of the child's stdout; empty when the line is blank or not a message of the protocol (KCL's
     * daemon skips such lines too: a stray print must not kill the child).
     *
     * @throws IllegalArgumentException when it is JSON with an action this protocol does not have, or a malformed
     *                                  checkpoint request
     */
    public static Optional<FromChild> parse(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject() || !node.hasNonNull("action")) {
            return Optional.empty();
        }
        String action = node.get("action").asText();
        switch (action) {
            case "status":
                return Optional.of(new Status(text(node, "responseFor")));
            case "checkpoint":
                return Optional.of(new CheckpointRequest(text(node, "sequenceNumber"), subSequence(node)));
            default:
                throw new IllegalArgumentException("unexpected action '" + action + "' from the child: " + line);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Long subSequence(JsonNode node) {
        JsonNode value = node.get("subSequenceNumber");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.canConvertToLong() && value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("subSequenceNumber '" + value.asText() + "' is not a number", e);
            }
        }
        throw new IllegalArgumentException("subSequenceNumber " + value + " is not a number");
    }
}
