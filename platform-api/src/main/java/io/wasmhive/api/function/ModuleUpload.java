package io.wasmhive.api.function;

import io.wasmhive.api.problem.ModuleTooLargeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads an uploaded module without ever holding more than the tenant's limit plus one buffer. */
final class ModuleUpload {

    private ModuleUpload() {}

    static byte[] read(InputStream body, long declaredLength, long maxBytes) throws IOException {
        if (declaredLength > maxBytes) {
            throw tooLarge(declaredLength + " bytes", maxBytes);
        }
        var bytes = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 64 << 10);
        byte[] buffer = new byte[64 << 10];
        long total = 0;
        int n;
        while ((n = body.read(buffer)) != -1) {
            total += n;
            if (total > maxBytes) {
                throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
            }
            bytes.write(buffer, 0, n);
        }
        return bytes.toByteArray();
    }

    private static ModuleTooLargeException tooLarge(String size, long maxBytes) {
        return new ModuleTooLargeException("the module is " + size + ", but the tenant's maxModuleBytes allows at most "
                + maxBytes + " bytes");
    }
}
