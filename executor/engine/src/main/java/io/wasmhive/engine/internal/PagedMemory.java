package io.wasmhive.engine.internal;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A linear memory of 64 KiB pages that starts out sharing read-only pages, the all-zero page or
 * those of a {@link MemoryImage}, and copies a page the first time the guest writes to it. A
 * request that touches a few pages of a 10 MB memory copies only those.
 *
 * <p>Not thread-safe: an instance runs on one thread. Shared (threads) memories are not paged.
 */
final class PagedMemory implements Memory {

    static final int PAGE_SHIFT = 16;
    static final int PAGE_MASK = PAGE_SIZE - 1;
    /** The page every untouched page reads from; nothing ever writes to it. */
    static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];

    private static final VarHandle SHORT = view(short[].class);
    private static final VarHandle INT = view(int[].class);
    private static final VarHandle LONG = view(long[].class);

    private final MemoryLimits limits;
    private final MemoryImage image; // null: start from zero pages and replay the segments
    /** The page to read at each index: shared or this memory's own copy. */
    private byte[][] readable;
    /** This memory's own copy of each page, null while the page is still shared. */
    private byte[][] writable;
    private DataSegment[] dataSegments = new DataSegment[0];

    PagedMemory(MemoryLimits limits, MemoryImage image) {
        this.limits = limits;
        this.image = image;
        this.readable = new byte[limits.initialPages()][];
        this.writable = new byte[limits.initialPages()][];
        Arrays.fill(readable, ZERO_PAGE);
    }

    private static VarHandle view(Class<?> arrayType) {
        return MethodHandles.byteArrayViewVarHandle(arrayType, ByteOrder.LITTLE_ENDIAN);
    }

    // --- size ---

    @Override
    public int pages() {
        return readable.length;
    }

    @Override
    public int grow(int delta) {
        int before = readable.length;
        long after = (long) before + delta;
        if (delta < 0 || after > maximumPages()) {
            return -1;
        }
        readable = Arrays.copyOf(readable, (int) after);
        writable = Arrays.copyOf(writable, (int) after);
        Arrays.fill(readable, before, (int) after, ZERO_PAGE);
        return before;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
    }

    @Override
    public boolean shared() {
        return false;
    }

    // --- instantiation and bulk memory ---

    @Override
    public void zero() {
        Arrays.fill(readable, ZERO_PAGE);
        Arrays.fill(writable, null);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments) {
        initialize(instance, segments, 0);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments, int memoryIndex) {
        if (segments == null) {
            return;
        }
        dataSegments = segments;
        if (image != null && image.isFor(instance.module(), memoryIndex) && image.pageCount() <= readable.length) {
            image.shareInto(readable);
            Arrays.fill(writable, 0, image.pageCount(), null);
            return;
        }
        for (var segment : segments) {
            if (segment instanceof ActiveDataSegment active && active.index() == memoryIndex) {
                int offset = (int) ConstantEvaluators.computeConstantValue(instance, active.offsetInstructions())[0];
                checkBounds(offset, active.data().length, UninstantiableException::new);
                write(offset, active.data(), 0, active.data().length);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        write(dest, dataSegments[segmentId].data(), offset, size);
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    @Override
    public void write(int address, byte[] data, int offset, int size) {
        checkRange(offset, size, data.length);
        checkBounds(address, size, WasmRuntimeException::new);
        while (size > 0) {
            int within = address & PAGE_MASK;
            int chunk = Math.min(size, PAGE_SIZE - within);
            System.arraycopy(data, offset, writablePage(address), within, chunk);
            address += chunk;
            offset += chunk;
            size -= chunk;
        }
    }

    @Override
    public byte[] readBytes(int address, int length) {
        checkBounds(address, length, WasmRuntimeException::new);
        byte[] result = new byte[length];
        int done = 0;
        while (done < length) {
            int at = address + done;
            int within = at & PAGE_MASK;
            int chunk = Math.min(length - done, PAGE_SIZE - within);
            System.arraycopy(readable[at >>> PAGE_SHIFT], within, result, done, chunk);
            done += chunk;
        }
        return result;
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        int address = fromIndex;
        int remaining = toIndex - fromIndex;
        checkBounds(address, remaining, WasmRuntimeException::new);
        while (remaining > 0) {
            int within = address & PAGE_MASK;
            int chunk = Math.min(remaining, PAGE_SIZE - within);
            if (!(value == 0 && chunk == PAGE_SIZE)) {
                Arrays.fill(writablePage(address), within, within + chunk, value);
            } else { // a whole page of zeros: share the zero page again
                readable[address >>> PAGE_SHIFT] = ZERO_PAGE;
                writable[address >>> PAGE_SHIFT] = null;
            }
            address += chunk;
            remaining -= chunk;
        }
    }

    @Override
    public void copy(int dest, int src, int size) {
        checkBounds(dest, size, WasmRuntimeException::new);
        checkBounds(src, size, WasmRuntimeException::new);
        if (dest > src && dest < src + size) { // overlapping, destination after source: back to front
            for (int end = size; end > 0; ) {
                int destWithin = (dest + end - 1) & PAGE_MASK;
                int srcWithin = (src + end - 1) & PAGE_MASK;
                int chunk = Math.min(end, Math.min(destWithin, srcWithin) + 1);
                end -= chunk;
                copyWithinPages(dest + end, src + end, chunk);
            }
        } else {
            for (int done = 0; done < size; ) {
                int chunk = Math.min(size - done, PAGE_SIZE - Math.max((dest + done) & PAGE_MASK, (src + done) & PAGE_MASK));
                copyWithinPages(dest + done, src + done, chunk);
                done += chunk;
            }
        }
    }

    /** Copies a range that lies inside one source page and one destination page. */
    private void copyWithinPages(int dest, int src, int length) {
        byte[] to = writablePage(dest); // first: the source may be this very page
        System.arraycopy(readable[src >>> PAGE_SHIFT], src & PAGE_MASK, to, dest & PAGE_MASK, length);
    }

    // --- loads and stores: small fast paths, so that the JIT inlines them into the guest's code ---

    @Override
    public byte read(int address) {
        return readablePage(address)[address & PAGE_MASK];
    }

    @Override
    public void writeByte(int address, byte data) {
        writablePage(address)[address & PAGE_MASK] = data;
    }

    @Override
    public short readShort(int address) {
        int within = address & PAGE_MASK;
        if (within <= PAGE_SIZE - 2) {
            return (short) SHORT.get(readablePage(address), within);
        }
        return (short) readAcross(address, 2);
    }

    @Override
    public void writeShort(int address, short data) {
        int within = address & PAGE_MASK;
        if (within <= PAGE_SIZE - 2) {
            SHORT.set(writablePage(address), within, data);
        } else {
            writeAcross(address, data, 2);
        }
    }

    @Override
    public long readU16(int address) {
        return readShort(address) & 0xFFFFL;
    }

    @Override
    public int readInt(int address) {
        int within = address & PAGE_MASK;
        if (within <= PAGE_SIZE - 4) {
            return (int) INT.get(readablePage(address), within);
        }
        return (int) readAcross(address, 4);
    }

    @Override
    public void writeI32(int address, int data) {
        int within = address & PAGE_MASK;
        if (within <= PAGE_SIZE - 4) {
            INT.set(writablePage(address), within, data);
        } else {
            writeAcross(address, data, 4);
        }
    }

    @Override
    public long readLong(int address) {
        int within = address & PAGE_MASK;
        if (within <= PAGE_SIZE - 8) {
            return (long) LONG.get(readablePage(address), within);
        }
        return readAcross(address, 8);
    }

    @Override
    public void writeLong(int address, long data) {
        int within = address & PAGE_MASK;
        if (within <= PAGE_SIZE - 8) {
            LONG.set(writablePage(address), within, data);
        } else {
            writeAcross(address, data, 8);
        }
    }

    @Override
    public long readF32(int address) {
        return readInt(address);
    }

    @Override
    public float readFloat(int address) {
        return Float.intBitsToFloat(readInt(address));
    }

    @Override
    public void writeF32(int address, float data) {
        writeI32(address, Float.floatToRawIntBits(data));
    }

    @Override
    public long readF64(int address) {
        return readLong(address);
    }

    @Override
    public double readDouble(int address) {
        return Double.longBitsToDouble(readLong(address));
    }

    @Override
    public void writeF64(int address, double data) {
        writeLong(address, Double.doubleToRawLongBits(data));
    }

    /** A little-endian value that straddles two pages, byte by byte. */
    private long readAcross(int address, int size) {
        checkBounds(address, size, WasmRuntimeException::new);
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (read(address + i) & 0xFF);
        }
        return value;
    }

    private void writeAcross(int address, long value, int size) {
        checkBounds(address, size, WasmRuntimeException::new);
        for (int i = 0; i < size; i++) {
            writeByte(address + i, (byte) (value >>> (8 * i)));
        }
    }

    /** The page holding {@code address}, to read. */
    private byte[] readablePage(int address) {
        int index = address >>> PAGE_SHIFT;
        byte[][] pages = readable;
        if (index >= pages.length) {
            throw outOfBounds(address);
        }
        return pages[index];
    }

    /** The page holding {@code address}, to write: this memory's own, copied first if still shared. */
    private byte[] writablePage(int address) {
        int index = address >>> PAGE_SHIFT;
        byte[][] own = writable;
        if (index < own.length && own[index] != null) {
            return own[index];
        }
        return copyOnWrite(address);
    }

    private byte[] copyOnWrite(int address) {
        int index = address >>> PAGE_SHIFT;
        if (index >= readable.length) {
            throw outOfBounds(address);
        }
        byte[] shared = readable[index];
        byte[] own = shared == ZERO_PAGE ? new byte[PAGE_SIZE] : shared.clone();
        readable[index] = own;
        writable[index] = own;
        return own;
    }

    // --- bounds ---

    private void checkBounds(int address, int size, Function<String, ChicoryException> failure) {
        long limit = (long) readable.length * PAGE_SIZE;
        if (address < 0 || size < 0 || (long) address + size > limit) {
            throw failure.apply(outOfBoundsMessage(address, size));
        }
    }

    private static void checkRange(int offset, int size, int length) {
        if (offset < 0 || size < 0 || (long) offset + size > length) {
            throw new WasmRuntimeException("out of bounds memory access: " + size + " bytes at " + offset
                    + " of a " + length + "-byte source");
        }
    }

    private WasmRuntimeException outOfBounds(int address) {
        return new WasmRuntimeException(outOfBoundsMessage(address, 1));
    }

    private String outOfBoundsMessage(int address, int size) {
        return "out of bounds memory access: attempted to access address: " + Integer.toUnsignedString(address)
                + " but limit is: " + (long) readable.length * PAGE_SIZE + " and size: " + size;
    }

    // --- threads: this memory is never shared ---

    @Override
    @SuppressWarnings("removal")
    public Object lock(int address) {
        return this;
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, int expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, long expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    @SuppressWarnings("removal")
    public int notify(int address, int maxThreads) {
        return 0;
    }
}
