package io.wasmhive.engine.component.abi;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;

/**
 * The canonical options of one lift or lower, bound to a running instance: the memory values
 * live in, how the guest allocates, how it encodes strings, and its handle table.
 */
public record AbiContext(Memory memory, Realloc realloc, StringEncoding encoding, ResourceTable resources,
        HostCopies copies) {

    /**
     * What a request's guest may make the host copy out of its memory, in all: lists can point at
     * the same bytes many times over, so the guest's own memory does not bound it.
     */
    public static final class HostCopies {
        private long left;

        public HostCopies(long limit) {
            this.left = limit;
        }

        void take(long bytes) {
            left -= bytes;
            if (left < 0) {
                throw new TrapException("the function passed the host more data than one request may");
            }
        }
    }

    /** The guest's {@code cabi_realloc}. */
    @FunctionalInterface
    public interface Realloc {
        int realloc(int originalPtr, int originalSize, int alignment, int newSize);
    }

    public Memory memory() {
        if (memory == null) {
            throw new TrapException("the canonical options name no memory, but the call passes values through memory");
        }
        return memory;
    }

    /** Memory from the guest's allocator, checked to be aligned and inside its memory. */
    public int allocate(int alignment, int size) {
        if (realloc == null) {
            throw new TrapException("the canonical options name no realloc, but the call returns values the guest must allocate");
        }
        int ptr = realloc.realloc(0, 0, alignment, size);
        check(ptr, alignment, size);
        return ptr;
    }

    /** Traps unless {@code [ptr, ptr+size)} is aligned and inside memory. */
    public void check(int ptr, int alignment, long size) {
        if ((ptr & (alignment - 1)) != 0) {
            throw new TrapException("pointer " + Integer.toUnsignedString(ptr) + " is not aligned to " + alignment);
        }
        long end = Integer.toUnsignedLong(ptr) + size;
        if (end > (long) memory().pages() * 65536) {
            throw new TrapException("pointer " + Integer.toUnsignedString(ptr) + " + " + size + " is out of bounds");
        }
    }
}
