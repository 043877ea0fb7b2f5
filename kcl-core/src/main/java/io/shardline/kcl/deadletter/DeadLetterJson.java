package io.shardline.kcl.deadletter;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of a {@link DeadLetterEntry}: one flat object of strings, numbers and nulls. Written and read by hand
 * (about a hundred lines) so the library needs no JSON dependency; any JSON parser reads what it writes.
 */
final class DeadLetterJson {

    private DeadLetterJson() {
    }

    static String write(DeadLetterEntry e) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("application", e.application());
        fields.put("stream", e.stream());
        fields.put("shardId", e.shardId());
        fields.put("sequenceNumber", e.sequenceNumber());
        fields.put("subSequenceNumber", e.subSequenceNumber());
        fields.put("partitionKey", e.partitionKey());
        fields.put("explicitHashKey", e.explicitHashKey());
        fields.put("arrivedAt", e.arrivedAt().toString());
        fields.put("failedAt", e.failedAt().toString());
        fields.put("reason", e.reason().name());
        fields.put("errorClass", e.errorClass());
        fields.put("errorMessage", e.errorMessage());
        fields.put("attempts", e.attempts());
        fields.put("workerId", e.workerId());
        fields.put("data", Base64.getEncoder().encodeToString(e.dataAsBytes()));
        StringBuilder out = new StringBuilder(256);
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(out, field.getKey());
            out.append(':');
            Object value = field.getValue();
            if (value == null) {
                out.append("null");
            } else if (value instanceof Number) {
                out.append(value);
            } else {
                quote(out, value.toString());
            }
        }
        return out.append('}').toString();
    }

    static DeadLetterEntry read(String json) {
        Map<String, String> f = new Parser(json).object();
        try {
            return new DeadLetterEntry(f.get("application"), f.get("stream"), f.get("shardId"),
                    f.get("sequenceNumber"), Long.parseLong(required(f, "subSequenceNumber")), f.get("partitionKey"),
                    f.get("explicitHashKey"),
                    ByteBuffer.wrap(Base64.getDecoder().decode(required(f, "data"))),
                    Instant.parse(required(f, "arrivedAt")), Instant.parse(required(f, "failedAt")),
                    DeadLetterEntry.Reason.valueOf(required(f, "reason")), f.get("errorClass"),
                    f.get("errorMessage"), Integer.parseInt(required(f, "attempts")), f.get("workerId"));
        } catch (NullPointerException | DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a dead-letter entry: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("field " + name + " is missing");
        }
        return value;
    }

    private static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A reader of one flat JSON object whose values are strings, numbers, booleans or null (kept as text). */
    private static final class Parser {
        private final String in;
        private int pos;

        Parser(String in) {
            this.in = in == null ? "" : in;
        }

        Map<String, String> object() {
            Map<String, String> fields = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                pos++;
                return fields;
            }
            while (true) {
                String name = string();
                expect(':');
                fields.put(name, value());
                char next = next();
                if (next == '}') {
                    break;
                }
                if (next != ',') {
                    throw error("',' or '}'");
                }
            }
            if (peek() != 0) {
                throw error("the end of the text");
            }
            return fields;
        }

        private String value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            int start = pos;
            while (pos < in.length() && ",}] \t\r\n".indexOf(in.charAt(pos)) < 0) {
                pos++;
            }
            String literal = in.substring(start, pos);
            if (literal.isEmpty()) {
                throw error("a value");
            }
            return literal.equals("null") ? null : literal;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (pos < in.length()) {
                char c = in.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= in.length()) {
                    break;
                }
                char escaped = in.charAt(pos++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (pos + 4 > in.length()) {
                            throw error("four hex digits");
                        }
                        out.append((char) Integer.parseInt(in.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> out.append(escaped); // \" \\ \/
                }
            }
            throw error("a closing quote");
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("'" + c + "'");
            }
        }

        private char next() {
            char c = peek();
            pos++;
            return c;
        }

        private char peek() {
            while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
                pos++;
            }
            return pos < in.length() ? in.charAt(pos) : 0;
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("not a dead-letter entry: expected " + expected + " at offset "
                    + Math.min(pos, in.length()));
        }
    }
}
