package io.wasmhive.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The committed guest binaries under {@code examples/}. */
public final class Guests {

    private Guests() {}

    public static Path examplesDir() {
        String configured = System.getenv("WASMHIVE_EXAMPLES_DIR");
        return configured != null ? Path.of(configured) : Path.of("../../examples");
    }

    public static byte[] bytes(String relativePath) {
        try {
            return Files.readAllBytes(examplesDir().resolve(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
