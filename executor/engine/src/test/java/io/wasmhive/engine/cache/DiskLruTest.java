package io.wasmhive.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskLruTest {

    @TempDir Path directory;

    @Test
    void writingPastTheBoundDropsTheLeastRecentlyUsedEntries() throws Exception {
        var cache = new DiskLru(directory, 250);
        cache.putIfAbsent("a", new byte[100]);
        cache.putIfAbsent("b", new byte[100]);
        Files.setLastModifiedTime(directory.resolve("a"), FileTime.fromMillis(1_000));
        Files.setLastModifiedTime(directory.resolve("b"), FileTime.fromMillis(2_000));
        assertThat(cache.get("a")).hasSize(100); // a is now the most recently used

        cache.putIfAbsent("c", new byte[100]);

        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).hasSize(100);
        assertThat(cache.get("c")).hasSize(100);
        assertThat(cache.size()).isEqualTo(200);
    }

    @Test
    void anEntryIsWrittenOnce() throws Exception {
        var cache = new DiskLru(directory, 1000);
        cache.putIfAbsent("x", new byte[] {1});
        cache.putIfAbsent("x", new byte[] {2});

        assertThat(cache.get("x")).containsExactly(1);
        assertThat(cache.get("missing")).isNull();
    }
}
