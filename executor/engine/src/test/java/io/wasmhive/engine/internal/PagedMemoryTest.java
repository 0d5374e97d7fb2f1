package io.wasmhive.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Value;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PagedMemoryTest {

    private static final int PAGE = Memory.PAGE_SIZE;

    /** Two pages (max 4) with "abc" at 16 and "WXYZ" across the page boundary at 65534. */
    private static final WasmModule WITH_SEGMENTS = Parser.parse(module(
            section(5, 1, 0x01, 2, 4),
            section(11, 2,
                    0, 0x41, 16, 0x0b, 3, 'a', 'b', 'c',
                    0, 0x41, 0xFE, 0xFF, 0x03, 0x0b, 4, 'W', 'X', 'Y', 'Z')));

    @Test
    void everyInstanceStartsFromTheImageAndWritesOnlyItsOwnCopy() {
        assertThat(MemoryImage.of(WITH_SEGMENTS)).isPresent();
        var memories = MemoryImage.memoriesFor(WITH_SEGMENTS);
        Memory first = instantiate(WITH_SEGMENTS, memories).memory();
        Memory second = instantiate(WITH_SEGMENTS, memories).memory();

        assertThat(first).isInstanceOf(PagedMemory.class);
        assertThat(first.readString(16, 3)).isEqualTo("abc");
        assertThat(first.readString(PAGE - 2, 4)).isEqualTo("WXYZ");
        first.writeString(16, "xyz");
        first.writeI32(PAGE - 2, 0x01020304);

        assertThat(second.readString(16, 3)).isEqualTo("abc");
        assertThat(second.readString(PAGE - 2, 4)).isEqualTo("WXYZ");
        Memory third = instantiate(WITH_SEGMENTS, memories).memory();
        assertThat(third.readString(16, 3)).isEqualTo("abc");
        assertThat(first.readString(16, 3)).isEqualTo("xyz");
        assertThat(first.readInt(PAGE - 2)).isEqualTo(0x01020304);
    }

    @Test
    void segmentsAtOffsetsKnownOnlyAtInstantiationAreReplayed() {
        // (import "env" "base" (global i32)) (memory 1) (data (global.get 0) "hi")
        var module = Parser.parse(module(
                section(2, 1, 3, 'e', 'n', 'v', 4, 'b', 'a', 's', 'e', 0x03, 0x7f, 0x00),
                section(5, 1, 0x00, 1),
                section(11, 1, 0, 0x23, 0, 0x0b, 2, 'h', 'i')));
        assertThat(MemoryImage.of(module)).isEmpty();

        Function<Integer, Instance> at = base -> Instance.builder(module)
                .withImportValues(ImportValues.builder().addGlobal(new ImportGlobal("env", "base",
                        new GlobalInstance(Value.i32(base)))).build())
                .withMemoryFactory(MemoryImage.memoriesFor(module))
                .build();
        assertThat(at.apply(100).memory().readString(100, 2)).isEqualTo("hi");
        assertThatThrownBy(() -> at.apply(PAGE - 1)).isInstanceOf(UninstantiableException.class);
    }

    @Test
    void accessesPastTheEndTrapAndGrowthAddsZeroPagesUpToTheMaximum() {
        var memory = new PagedMemory(new MemoryLimits(1, 2), null);
        assertThatThrownBy(() -> memory.readInt(PAGE - 2)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.writeLong(PAGE, 1)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.read(-1)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.readBytes(PAGE - 1, 2)).isInstanceOf(WasmRuntimeException.class);

        assertThat(memory.grow(1)).isEqualTo(1);
        assertThat(memory.readLong(PAGE - 4)).isZero();
        memory.writeLong(PAGE - 4, -1L);
        assertThat(memory.readLong(PAGE - 4)).isEqualTo(-1L);
        assertThat(memory.grow(1)).isEqualTo(-1);
        assertThat(memory.pages()).isEqualTo(2);
    }

    /** Random loads, stores and bulk operations agree with Chicory's own memory, traps included. */
    @Test
    void behavesAsChicorysMemoryUnderRandomOperations() {
        var random = new Random(20261126);
        for (int round = 0; round < 200; round++) {
            var limits = new MemoryLimits(1 + random.nextInt(3), 6);
            Memory expected = new ByteBufferMemory(limits);
            Memory actual = new PagedMemory(limits, null);
            for (int step = 0; step < 300; step++) {
                var operation = operation(random, expected.pages());
                assertThat(outcome(operation, actual)).as("round %d step %d", round, step)
                        .isEqualTo(outcome(operation, expected));
            }
            assertThat(actual.pages()).isEqualTo(expected.pages());
            int size = expected.pages() * PAGE;
            assertThat(actual.readBytes(0, size)).isEqualTo(expected.readBytes(0, size));
        }
    }

    private static Function<Memory, Object> operation(Random random, int pages) {
        int size = pages * PAGE;
        int address = random.nextInt(8) == 0 ? size - random.nextInt(9) // near the end, sometimes past it
                : random.nextBoolean() ? random.nextInt(pages) * PAGE - random.nextInt(8) // near a page boundary
                : random.nextInt(size);
        long value = random.nextLong();
        int length = random.nextInt(3 * PAGE / 2);
        int other = random.nextInt(size);
        boolean grow = random.nextInt(4) == 0;
        return switch (random.nextInt(12)) {
            case 0 -> m -> m.read(address);
            case 1 -> m -> { m.writeByte(address, (byte) value); return null; };
            case 2 -> m -> m.readShort(address);
            case 3 -> m -> { m.writeShort(address, (short) value); return null; };
            case 4 -> m -> m.readInt(address);
            case 5 -> m -> { m.writeI32(address, (int) value); return null; };
            case 6 -> m -> m.readLong(address);
            case 7 -> m -> { m.writeLong(address, value); return null; };
            case 8 -> m -> { m.fill((byte) value, address, address + length); return null; };
            case 9 -> m -> { m.copy(address, other, length); return null; };
            case 10 -> m -> { m.write(address, new byte[length], 0, length); return m.readBytes(other, 16).length; };
            default -> m -> grow ? m.grow(1) : m.readDouble(address);
        };
    }

    private static Object outcome(Function<Memory, Object> operation, Memory memory) {
        try {
            return operation.apply(memory);
        } catch (WasmRuntimeException trap) {
            return "trap";
        }
    }

    private static Instance instantiate(WasmModule module, Function<MemoryLimits, Memory> memories) {
        return Instance.builder(module).withMemoryFactory(memories).build();
    }

    private static byte[] module(byte[]... sections) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        for (byte[] section : sections) {
            out.writeBytes(section);
        }
        return out.toByteArray();
    }

    /** A section whose contents are under 128 bytes. */
    private static byte[] section(int id, int... contents) {
        var out = new ByteArrayOutputStream();
        out.write(id);
        out.write(contents.length);
        for (int b : contents) {
            out.write(b);
        }
        return out.toByteArray();
    }
}
