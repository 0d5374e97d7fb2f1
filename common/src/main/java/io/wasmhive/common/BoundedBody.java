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

    private BoundedBody() {}

    public static byte[] read(InputStream in, long declaredLength, long maxBytes) throws IOException {
        if (declaredLength > maxBytes) {
            throw new TooLargeException(maxBytes);
        }
        var body = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 16 << 10);
        byte[] buffer = new byte[64 << 10];
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
