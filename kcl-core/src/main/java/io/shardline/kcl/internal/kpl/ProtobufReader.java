package io.shardline.kcl.internal.kpl;

import java.nio.ByteBuffer;

/**
 * Reads the protobuf wire format from a buffer, just enough for KPL aggregates: tags, varints, length-delimited
 * fields, and skipping fields of any other wire type. Every read is bounds-checked and fails with
 * {@link MalformedAggregateException} on truncated or malformed input. Zero-copy: length-delimited fields are
 * returned as slices. Not thread-safe (one reader per message).
 */
final class ProtobufReader {

    static final int WIRE_VARINT = 0;
    static final int WIRE_FIXED64 = 1;
    static final int WIRE_LENGTH_DELIMITED = 2;
    static final int WIRE_FIXED32 = 5;

    private static final int MAX_VARINT_BYTES = 10;

    private final ByteBuffer buffer;
    private int position;
    private final int limit;

    /** Reads {@code buffer} from its position to its limit; the buffer itself is not moved. */
    ProtobufReader(ByteBuffer buffer) {
        this.buffer = buffer;
        this.position = buffer.position();
        this.limit = buffer.limit();
    }

    boolean hasRemaining() {
        return position < limit;
    }

    /** The next field's tag: {@code fieldNumber << 3 | wireType}. */
    int readTag() {
        long tag = readVarint();
        if (tag <= 0 || tag > Integer.MAX_VALUE || (tag >>> 3) == 0) {
            throw new MalformedAggregateException("invalid field tag " + tag + " at byte " + position);
        }
        return (int) tag;
    }

    static int fieldNumber(int tag) {
        return tag >>> 3;
    }

    static int wireType(int tag) {
        return tag & 7;
    }

    /** A base-128 varint of up to 10 bytes. */
    long readVarint() {
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            requireBytes(1);
            byte b = buffer.get(position++);
            value |= (long) (b & 0x7F) << (7 * i);
            if (b >= 0) {
                return value;
            }
        }
        throw new MalformedAggregateException("varint longer than " + MAX_VARINT_BYTES + " bytes at byte " + position);
    }

    /** A length-delimited field's payload, as a slice of the buffer. */
    ByteBuffer readLengthDelimited() {
        long length = readVarint();
        if (length < 0 || length > limit - position) {
            throw new MalformedAggregateException("field length " + length + " at byte " + position
                    + " runs past the end of the message (" + (limit - position) + " bytes left)");
        }
        ByteBuffer slice = buffer.duplicate();
        slice.limit(position + (int) length).position(position);
        position += (int) length;
        return slice.slice();
    }

    /** Skips a field's value of {@code wireType}. */
    void skipField(int wireType) {
        switch (wireType) {
            case WIRE_VARINT -> readVarint();
            case WIRE_FIXED64 -> skipBytes(8);
            case WIRE_LENGTH_DELIMITED -> readLengthDelimited();
            case WIRE_FIXED32 -> skipBytes(4);
            default -> throw new MalformedAggregateException("unsupported wire type " + wireType + " at byte "
                    + position);
        }
    }

    private void skipBytes(int count) {
        requireBytes(count);
        position += count;
    }

    private void requireBytes(int count) {
        if (limit - position < count) {
            throw new MalformedAggregateException("message truncated at byte " + position);
        }
    }
}
