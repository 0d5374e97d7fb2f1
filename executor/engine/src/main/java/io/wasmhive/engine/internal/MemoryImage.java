package io.wasmhive.engine.internal;

import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.OpCode;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * A module's memory as it stands once its active data segments are applied, computed once when
 * the module is loaded. Every instance starts from these pages and copies one only when it first
 * writes to it, so instantiation costs neither zeroing nor copying, however large the memory.
 *
 * <p>Only a module's own first memory with constant segment offsets has an image; any other memory
 * is filled by the usual segment replay, in the same {@link PagedMemory}.
 */
public final class MemoryImage {

    private final WasmModule module;
    private final byte[][] pages; // PagedMemory.ZERO_PAGE where the segments write nothing

    private MemoryImage(WasmModule module, byte[][] pages) {
        this.module = module;
        this.pages = pages;
    }

    /**
     * The memories for instances of {@code module}: paged, copy-on-write over the module's image
     * where it has one. Shared memories keep Chicory's own implementation, which is thread-safe.
     */
    public static Function<MemoryLimits, Memory> memoriesFor(WasmModule module) {
        var image = of(module).orElse(null);
        return limits -> limits.shared() ? new ByteBufferMemory(limits)
                : new PagedMemory(limits, image);
    }

    /**
     * The image of the module's own first memory, or empty when it has none: the memory is
     * imported, shared, or a segment's offset is not a constant inside the initial pages (those
     * are left to instantiation, which reports them).
     */
    static Optional<MemoryImage> of(WasmModule module) {
        var limits = CoreModules.memoryLimits(module).orElse(null);
        if (limits == null || limits.shared() || module.importSection().count(ExternalType.MEMORY) > 0) {
            return Optional.empty();
        }
        long size = (long) limits.initialPages() * Memory.PAGE_SIZE;
        var pages = new byte[limits.initialPages()][];
        Arrays.fill(pages, PagedMemory.ZERO_PAGE);
        for (var segment : module.dataSection().dataSegments()) {
            if (!(segment instanceof ActiveDataSegment active) || active.index() != 0) {
                continue;
            }
            var offset = active.offsetInstructions();
            if (offset.size() != 1 || offset.get(0).opcode() != OpCode.I32_CONST) {
                return Optional.empty();
            }
            long start = Integer.toUnsignedLong((int) offset.get(0).operand(0));
            byte[] data = active.data();
            if (start + data.length > size) {
                return Optional.empty();
            }
            write(pages, (int) start, data);
        }
        return Optional.of(new MemoryImage(module, pages));
    }

    private static void write(byte[][] pages, int address, byte[] data) {
        int done = 0;
        while (done < data.length) {
            int index = (address + done) >>> PagedMemory.PAGE_SHIFT;
            int offset = (address + done) & PagedMemory.PAGE_MASK;
            int chunk = Math.min(data.length - done, Memory.PAGE_SIZE - offset);
            if (pages[index] == PagedMemory.ZERO_PAGE) {
                pages[index] = new byte[Memory.PAGE_SIZE];
            }
            System.arraycopy(data, done, pages[index], offset, chunk);
            done += chunk;
        }
    }

    /** Whether this is the image of memory {@code memoryIndex} of {@code owner}'s module. */
    boolean isFor(WasmModule owner, int memoryIndex) {
        return owner == module && memoryIndex == 0;
    }

    int pageCount() {
        return pages.length;
    }

    /** Shares the image's pages into {@code target}; the pages themselves are never written. */
    void shareInto(byte[][] target) {
        System.arraycopy(pages, 0, target, 0, pages.length);
    }
}
