package io.wasmhive.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The committed example binaries, found from {@code -Dwasmhive.examples} (bench/run.sh sets it). */
final class Guests {

    private Guests() {}

    static byte[] bytes(String relativePath) {
        Path examples = Path.of(System.getProperty("wasmhive.examples", "examples"));
        try {
            return Files.readAllBytes(examples.resolve(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
