package io.wasmhive.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body that may not exceed a limit, without ever holding more than the limit:
 * a declared length over it is refused before reading, and reading stops as soon as it is passed.
 */
public final class BoundedBody {

    /** The body is over the limit. */
    public static final class TooLargeException extends IOException {
        private final long limit;

        TooLargeException(long limit) {
            super("body larger than " + limit + " bytes", null);
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    private static final byte[] EMPTY = new byte[0];

    private BoundedBody() {}

    public static byte[] read(InputStream in, long declaredLength, long maxBytes) throws IOException {
        if (declaredLength > maxBytes) {
            throw new TooLargeException(maxBytes);
        }
        int first = declaredLength == 0 ? -1 : in.read();
        if (first < 0) {
            return EMPTY; // most requests have no body: no buffers for them
        }
        if (maxBytes < 1) {
            throw new TooLargeException(maxBytes);
        }
        var body = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 16 << 10);
        body.write(first);
        byte[] buffer = new byte[(int) Math.min(64 << 10, Math.max(declaredLength, 8 << 10))];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (body.size() + (long) n > maxBytes) {
                throw new TooLargeException(maxBytes);
            }
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }
}
