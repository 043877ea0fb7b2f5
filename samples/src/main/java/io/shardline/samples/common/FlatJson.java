package io.shardline.samples.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a flat JSON object whose values are strings, numbers, booleans or null: enough for the samples' payloads
 * without a JSON library. Nested objects and arrays are rejected. Values come back as their text (strings
 * unescaped, numbers as written).
 */
public final class FlatJson {

    private final String text;
    private int pos;

    private FlatJson(String text) {
        this.text = text;
    }

    /**
     * The fields of {@code text}, in order.
     *
     * @throws IllegalArgumentException when {@code text} is not a flat JSON object
     */
    public static Map<String, String> parse(String text) {
        return new FlatJson(text).object();
    }

    /** {@code value} as a JSON string literal. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
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
        return out.append('"').toString();
    }

    private Map<String, String> object() {
        Map<String, String> fields = new LinkedHashMap<>();
        expect('{');
        if (peek() == '}') {
            pos++;
            return end(fields);
        }
        while (true) {
            String name = string();
            expect(':');
            fields.put(name, value());
            char next = next();
            if (next == '}') {
                return end(fields);
            }
            if (next != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private Map<String, String> end(Map<String, String> fields) {
        if (peek() != 0) {
            throw error("text after the object");
        }
        return fields;
    }

    private String value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '{' || c == '[') {
            throw error("nested values are not supported");
        }
        int start = pos;
        while (pos < text.length() && ",} \t\r\n".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a value");
        }
        return text.substring(start, pos);
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> out.append(e);
            }
        }
        throw error("unterminated string");
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private char next() {
        char c = peek();
        if (c == 0) {
            throw error("unexpected end");
        }
        pos++;
        return c;
    }

    private char peek() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("not a flat JSON object (" + what + " at " + pos + "): " + text);
    }
}
