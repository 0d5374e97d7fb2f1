package io.wasmhive.engine.cache;

import com.dylibso.chicory.compiler.Cache;
import io.wasmhive.engine.fuel.FuelInstrumenter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compiled JVM bytecode of metered modules on local disk, so a restarted node or a second node on
 * the same volume never compiles a module twice. Chicory keys entries by the digest of the module
 * it compiles, which is the metered module, so a new meter version gets new entries by itself;
 * the directory is also versioned by Chicory and engine version. Entries are written to a temporary
 * file and moved into place, so concurrent writers and crashes never leave half an entry.
 */
public final class CompiledCodeCache implements Cache {

    private final Path directory;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public CompiledCodeCache(Path root) {
        this.directory = root.resolve(versionTag());
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the compiled-code cache at " + directory, e);
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            byte[] data = Files.readAllBytes(file(key));
            hits.incrementAndGet();
            return data;
        } catch (NoSuchFileException absent) {
            misses.incrementAndGet();
            return null;
        }
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        Path target = file(key);
        if (Files.exists(target)) {
            return;
        }
        Path temporary = Files.createTempFile(directory, "entry-", ".tmp");
        try {
            Files.write(temporary, data);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(temporary, target);
            }
        } catch (FileAlreadyExistsException raced) {
            // another writer published the same entry first
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Lookups answered from disk. */
    public long hits() {
        return hits.get();
    }

    /** Lookups that had to compile. */
    public long misses() {
        return misses.get();
    }

    public Path directory() {
        return directory;
    }

    private Path file(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return directory.resolve(HexFormat.of().formatHex(digest) + ".jar");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String versionTag() {
        var properties = new Properties();
        try (InputStream in = CompiledCodeCache.class.getResourceAsStream("/io/wasmhive/engine/engine.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("engine.properties is missing from the engine jar", e);
        }
        return "chicory-" + properties.getProperty("chicory.version") + "_engine-"
                + properties.getProperty("engine.version") + "_fuel-" + FuelInstrumenter.VERSION;
    }
}
