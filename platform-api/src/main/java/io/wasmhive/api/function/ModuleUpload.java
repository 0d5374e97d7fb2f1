package io.wasmhive.api.function;

import io.wasmhive.api.problem.ModuleTooLargeException;
import io.wasmhive.common.BoundedBody;
import java.io.IOException;
import java.io.InputStream;

/** Reads an uploaded module without ever holding more than the tenant's limit. */
final class ModuleUpload {

    private ModuleUpload() {}

    static byte[] read(InputStream body, long declaredLength, long maxBytes) throws IOException {
        try {
            return BoundedBody.read(body, declaredLength, maxBytes);
        } catch (BoundedBody.TooLargeException e) {
            throw new ModuleTooLargeException("the module is " + (declaredLength > maxBytes ? declaredLength + " bytes"
                    : "larger than that") + ", but the tenant's maxModuleBytes allows at most " + maxBytes + " bytes");
        }
    }
}
