package io.wasmhive.engine.cache;

import com.dylibso.chicory.compiler.Cache;
import io.wasmhive.engine.fuel.FuelInstrumenter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compiled JVM bytecode of metered modules on local disk, so a restarted node or a second node on
 * the same volume never compiles a module twice. Chicory keys entries by the digest of the module
 * it compiles, which is the metered module, so a new meter version gets new entries by itself;
 * the directory is also versioned by Chicory and engine version. It is bounded in bytes, least
 * recently used entries going first ({@link DiskLru}).
 */
public final class CompiledCodeCache implements Cache {

    private final DiskLru files;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /** A cache under {@code root}, holding at most {@code maxBytes} of compiled code. */
    public CompiledCodeCache(Path root, long maxBytes) {
        this.files = new DiskLru(root.resolve(versionTag()), maxBytes);
    }

    @Override
    public byte[] get(String key) throws IOException {
        byte[] data = files.get(fileName(key));
        (data == null ? misses : hits).incrementAndGet();
        return data;
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        files.putIfAbsent(fileName(key), data);
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
        return files.directory();
    }

    private static String fileName(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + ".jar";
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
