package io.wasmhive.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The committed guest binaries under {@code examples/}, for tests of every module that depends
 * on this test jar. Maven points {@code WASMHIVE_EXAMPLES_DIR} at them.
 */
public final class Examples {

    private Examples() {}

    public static Path path(String relativePath) {
        String examples = System.getenv("WASMHIVE_EXAMPLES_DIR");
        if (examples == null) {
            throw new IllegalStateException("WASMHIVE_EXAMPLES_DIR is not set; run the tests through Maven");
        }
        return Path.of(examples, relativePath).toAbsolutePath().normalize();
    }

    public static byte[] bytes(String relativePath) {
        try {
            return Files.readAllBytes(path(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
