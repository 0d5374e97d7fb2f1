package io.wasmhive.engine.internal;

import io.wasmhive.engine.CapturedOutput;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Collects a guest's output up to a limit. Past the limit it either drops the rest and remembers
 * that it did (for logs) or fails the write (for the response, which must not be cut silently).
 */
public final class BoundedOutputStream extends OutputStream {

    /** Thrown into the guest's write when a response grows past its limit. */
    public static final class LimitExceededException extends RuntimeException {
        public LimitExceededException(int limit) {
            super("the function wrote more than " + limit + " bytes of output", null, false, false);
        }
    }

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final int limit;
    private final boolean failOnOverflow;
    private boolean truncated;

    private BoundedOutputStream(int limit, boolean failOnOverflow) {
        this.limit = limit;
        this.failOnOverflow = failOnOverflow;
    }

    public static BoundedOutputStream failingAfter(int limit) {
        return new BoundedOutputStream(limit, true);
    }

    public static BoundedOutputStream truncatingAfter(int limit) {
        return new BoundedOutputStream(limit, false);
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        int room = limit - buffer.size();
        if (length > room) {
            if (failOnOverflow) {
                throw new LimitExceededException(limit);
            }
            truncated = true;
            length = Math.max(room, 0);
        }
        buffer.write(bytes, offset, length);
    }

    public byte[] bytes() {
        return buffer.toByteArray();
    }

    public CapturedOutput captured() {
        return new CapturedOutput(Arrays.copyOf(buffer.toByteArray(), buffer.size()), truncated);
    }
}
