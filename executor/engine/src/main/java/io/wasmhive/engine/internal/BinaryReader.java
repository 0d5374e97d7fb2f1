package io.wasmhive.engine.internal;

import io.wasmhive.engine.InvalidModuleException;
import java.util.Arrays;

/**
 * Bounds-checked reading of the WebAssembly binary format's primitives; every overrun is reported
 * as a malformed binary with its offset.
 */
public final class BinaryReader {

    private final byte[] bytes;
    private final int end;
    private final String what;
    private int position;

    /** Reads {@code bytes} from {@code position} to {@code end}; {@code what} names the binary in errors. */
    public BinaryReader(byte[] bytes, int position, int end, String what) {
        this.bytes = bytes;
        this.position = position;
        this.end = end;
        this.what = what;
    }

    public boolean hasMore() {
        return position < end;
    }

    public int position() {
        return position;
    }

    public void seek(int newPosition) {
        position = newPosition;
    }

    public int u8() {
        if (position >= end) {
            throw malformed("unexpected end");
        }
        return bytes[position++] & 0xff;
    }

    /** An unsigned LEB128 of at most 32 bits, as an int holding the unsigned value's bits. */
    public int u32() {
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

    /**
     * The count of a vector whose entries take at least a byte each: a count larger than the
     * bytes left is a lie, refused before anything is allocated for it.
     */
    public int count() {
        int count = u32();
        if (Integer.toUnsignedLong(count) > end - position) {
            throw malformed("a count of " + Integer.toUnsignedString(count) + " entries, but only "
                    + (end - position) + " bytes remain");
        }
        return count;
    }

    /** A signed LEB128 of at most 33 bits, as used for value types. */
    public long s33() {
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

    /** Skips a LEB128 integer of any width up to 64 bits. */
    public void skipLeb() {
        for (int i = 0; i < 10; i++) {
            if ((u8() & 0x80) == 0) {
                return;
            }
        }
        throw malformed("integer representation too long");
    }

    public void skip(int length) {
        if (length < 0 || length > end - position) {
            throw malformed("length " + Integer.toUnsignedString(length) + " runs past the end");
        }
        position += length;
    }

    public byte[] bytes(int length) {
        if (length < 0 || length > end - position) {
            throw malformed("length " + Integer.toUnsignedString(length) + " runs past the end");
        }
        byte[] result = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return result;
    }

    /** Well-formed, but something Wasmhive does not run. */
    public InvalidModuleException unsupported(String problem) {
        return new InvalidModuleException(what + " at offset " + position + ": " + problem);
    }

    public InvalidModuleException malformed(String problem) {
        return new InvalidModuleException("malformed " + what + " at offset " + position + ": " + problem);
    }
}
