package io.shardline.kcl.internal.lanes;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The completed positions above a low-water mark, as the state bytes of a checkpoint: a magic byte and version, then
 * DEFLATE of (count, then per position ascending: the sequence number as the difference to the previous one, as
 * length-prefixed big-endian bytes, and the sub-sequence number as a varint). Consecutive Kinesis sequence numbers of a
 * shard differ in their low digits only, so a position costs a few bytes.
 *
 * <p>{@link #encode} fits the set into {@code maxBytes}: when the whole set does not fit it keeps the longest prefix
 * (lowest positions first) that does, and says so; the positions left out are only processed again by a next owner
 * (duplicates, never loss).
 */
final class CompletedSetCodec {

    static final byte MAGIC = (byte) 0x4c; // 'L'
    static final byte VERSION = 1;
    private static final int MAX_DECODED_POSITIONS = 1_000_000;

    /** The bytes and how many of the positions they hold (a prefix of the ascending list). */
    record Encoded(byte[] bytes, int positions, boolean complete) {
    }

    private CompletedSetCodec() {
    }

    /** Encodes {@code ascending} (may be empty: {@code null} bytes) into at most {@code maxBytes}. */
    static Encoded encode(List<ExtendedSequenceNumber> ascending, int maxBytes) {
        if (ascending.isEmpty()) {
            return new Encoded(null, 0, true);
        }
        byte[] all = encodePrefix(ascending, ascending.size());
        if (all.length <= maxBytes) {
            return new Encoded(all, ascending.size(), true);
        }
        int low = 0;
        int high = ascending.size() - 1;
        byte[] best = null;
        while (low < high) { // the largest prefix length in [1, size-1] that fits
            int mid = (low + high + 1) >>> 1;
            byte[] candidate = encodePrefix(ascending, mid);
            if (candidate.length <= maxBytes) {
                low = mid;
                best = candidate;
            } else {
                high = mid - 1;
            }
        }
        return best == null ? new Encoded(null, 0, false) : new Encoded(best, low, false);
    }

    /**
     * The positions in {@code state}; empty for {@code null} or for state that is not a completed set (another
     * format: the processor ignores it and processes everything after the checkpoint again).
     */
    static List<ExtendedSequenceNumber> decode(byte[] state) {
        if (state == null || state.length < 2 || state[0] != MAGIC || state[1] != VERSION) {
            return List.of();
        }
        byte[] raw = inflate(state);
        Reader in = new Reader(raw);
        int count = (int) in.varint();
        if (count < 0 || count > MAX_DECODED_POSITIONS) {
            throw new IllegalArgumentException("completed set claims " + count + " positions");
        }
        List<ExtendedSequenceNumber> out = new ArrayList<>(count);
        BigInteger previous = BigInteger.ZERO;
        for (int i = 0; i < count; i++) {
            int length = (int) in.varint();
            BigInteger delta = length == 0 ? BigInteger.ZERO : new BigInteger(1, in.bytes(length));
            previous = previous.add(delta);
            out.add(ExtendedSequenceNumber.of(previous.toString(), in.varint()));
        }
        return out;
    }

    private static byte[] encodePrefix(List<ExtendedSequenceNumber> ascending, int count) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(count * 8 + 8);
        varint(raw, count);
        BigInteger previous = BigInteger.ZERO;
        for (int i = 0; i < count; i++) {
            ExtendedSequenceNumber position = ascending.get(i);
            BigInteger sequence = new BigInteger(position.sequenceNumber());
            byte[] delta = unsigned(sequence.subtract(previous));
            varint(raw, delta.length);
            raw.writeBytes(delta);
            varint(raw, position.subSequenceNumber());
            previous = sequence;
        }
        return deflate(raw.toByteArray());
    }

    private static byte[] unsigned(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("positions must be ascending, got a step of " + value);
        }
        if (value.signum() == 0) {
            return new byte[0];
        }
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 16);
            out.write(MAGIC);
            out.write(VERSION);
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] state) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(state, 2, state.length - 2);
            ByteArrayOutputStream out = new ByteArrayOutputStream(state.length * 4);
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("completed set is truncated");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("completed set is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** Reads varints and byte runs from the inflated bytes. */
    private static final class Reader {
        private final byte[] data;
        private int offset;

        Reader(byte[] data) {
            this.data = data;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = next();
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("completed set has a malformed varint");
        }

        byte[] bytes(int length) {
            if (length < 0 || offset + length > data.length) {
                throw new IllegalArgumentException("completed set is truncated");
            }
            byte[] out = new byte[length];
            System.arraycopy(data, offset, out, 0, length);
            offset += length;
            return out;
        }

        private byte next() {
            if (offset >= data.length) {
                throw new IllegalArgumentException("completed set is truncated");
            }
            return data[offset++];
        }
    }

    /** For logs: a short description of {@code state}. */
    static String describe(byte[] state) {
        return state == null ? "none" : state.length + "B" + (state.length > 0 && state[0] == MAGIC ? "" : " ("
                + new String(state, 0, Math.min(8, state.length), StandardCharsets.ISO_8859_1) + "...)");
    }
}
