package io.wasmhive.engine.component;

import io.wasmhive.engine.InvalidModuleException;
import java.util.Arrays;

/** Bounds-checked reading of the binary format's primitives; every overrun is a malformed binary. */
final class ByteReader {

    private final byte[] bytes;
    private final int end;
    private int position;

    ByteReader(byte[] bytes, int position) {
        this(bytes, position, bytes.length);
    }

    ByteReader(byte[] bytes, int position, int end) {
        this.bytes = bytes;
        this.position = position;
        this.end = end;
    }

    boolean hasMore() {
        return position < end;
    }

    int position() {
        return position;
    }

    void seek(int newPosition) {
        position = newPosition;
    }

    int u8() {
        if (position >= end) {
            throw malformed("unexpected end");
        }
        return bytes[position++] & 0xff;
    }

    /** An unsigned LEB128 of at most 32 bits, as an int holding the unsigned value's bits. */
    int u32() {
        long result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = u8();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (result > 0xffff_ffffL) {
                    throw malformed("integer too large");
                }
                return (int) result;
            }
        }
        throw malformed("integer representation too long");
    }

    /** A signed LEB128 of at most 33 bits, as used for value types. */
    long s33() {
        long result = 0;
        int shift = 0;
        int b;
        do {
            if (shift >= 35) {
                throw malformed("integer representation too long");
            }
            b = u8();
            result |= (long) (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return shift < 64 && (b & 0x40) != 0 ? result | (-1L << shift) : result;
    }

    byte[] bytes(int length) {
        if (length < 0 || length > end - position) {
            throw malformed("length " + Integer.toUnsignedString(length) + " runs past the end");
        }
        byte[] result = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return result;
    }

    InvalidModuleException malformed(String what) {
        return new InvalidModuleException("malformed component at offset " + position + ": " + what);
    }
}
