package io.wasmhive.engine.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files in one directory, bounded in bytes: reading an entry marks it used, and writing one past
 * the bound deletes the least recently used entries. Writes go to a temporary file that is moved
 * into place, so readers, concurrent writers (other nodes on a shared volume too) and crashes never
 * see half an entry.
 */
public final class DiskLru {

    private final Path directory;
    private final long maxBytes;

    public DiskLru(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cache directory " + directory, e);
        }
    }

    /** The entry's bytes, or null when there is none. */
    public byte[] get(String name) throws IOException {
        Path file = directory.resolve(name);
        try {
            byte[] bytes = Files.readAllBytes(file);
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            return bytes;
        } catch (NoSuchFileException absent) {
            return null;
        }
    }

    public void putIfAbsent(String name, byte[] data) throws IOException {
        Path target = directory.resolve(name);
        if (Files.exists(target)) {
            return;
        }
        Path temporary = Files.createTempFile(directory, "entry-", ".tmp");
        try {
            Files.write(temporary, data);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            // another writer published the same entry first
        } finally {
            Files.deleteIfExists(temporary);
        }
        trim();
    }

    public Path directory() {
        return directory;
    }

    /** Bytes held now. */
    public long size() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.mapToLong(DiskLru::sizeOf).sum();
        }
    }

    private void trim() throws IOException {
        List<Path> entries;
        try (Stream<Path> files = Files.list(directory)) {
            entries = files.filter(p -> !p.getFileName().toString().endsWith(".tmp"))
                    .sorted(Comparator.comparingLong(DiskLru::lastUsed).reversed())
                    .toList();
        }
        long kept = 0;
        for (Path entry : entries) {
            kept += sizeOf(entry);
            if (kept > maxBytes) {
                Files.deleteIfExists(entry);
            }
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }

    private static long lastUsed(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException gone) {
            return 0;
        }
    }
}
