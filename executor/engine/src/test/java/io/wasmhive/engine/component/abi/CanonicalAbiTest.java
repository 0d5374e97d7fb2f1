package io.wasmhive.engine.component.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wasmhive.engine.component.abi.WitType.FlagsOf;
import io.wasmhive.engine.component.abi.WitType.ListOf;
import io.wasmhive.engine.component.abi.WitType.Primitive;
import io.wasmhive.engine.component.abi.WitType.RecordOf;
import io.wasmhive.engine.component.abi.WitType.VariantOf;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalAbiTest {

    private static final ResourceType FIELDS = ResourceType.host("wasi:http/types/fields");
    private static final VariantOf STREAM_ERROR = new VariantOf(List.of("last-operation-failed", "closed"),
            java.util.Arrays.asList(new WitType.Own(ResourceType.host("wasi:io/error/error")), null));

    /** Type, its size, alignment and flat core types, as the canonical ABI's definitions give them. */
    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of(Primitive.BOOL, 1, 1, "[I32]"),
                Arguments.of(Primitive.U16, 2, 2, "[I32]"),
                Arguments.of(Primitive.U64, 8, 8, "[I64]"),
                Arguments.of(Primitive.STRING, 8, 4, "[I32, I32]"),
                Arguments.of(new ListOf(Primitive.U8), 8, 4, "[I32, I32]"),
                Arguments.of(RecordOf.tuple(List.of(Primitive.U8, Primitive.U32, Primitive.U8)), 12, 4, "[I32, I32, I32]"),
                Arguments.of(VariantOf.option(Primitive.U64), 16, 8, "[I32, I64]"),
                Arguments.of(VariantOf.result(Primitive.U64, STREAM_ERROR), 16, 8, "[I32, I64, I32]"),
                Arguments.of(VariantOf.result(Primitive.F32, Primitive.U32), 8, 4, "[I32, I32]"),
                Arguments.of(VariantOf.result(Primitive.F32, Primitive.F64), 16, 8, "[I32, I64]"),
                Arguments.of(VariantOf.enumOf(List.of("a", "b", "c")), 1, 1, "[I32]"),
                Arguments.of(new FlagsOf(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i")), 2, 2, "[I32]"),
                Arguments.of(new WitType.Borrow(FIELDS), 4, 4, "[I32]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void layoutFollowsTheCanonicalAbi(WitType type, int size, int alignment, String flat) {
        assertThat(Layout.size(type)).as("size").isEqualTo(size);
        assertThat(Layout.alignment(type)).as("alignment").isEqualTo(alignment);
        assertThat(Layout.flatten(List.of(type)).toString()).as("flat").isEqualTo(flat);
    }

    @Test
    void valuesSurviveStoreAndLoadThroughMemory() {
        var cx = context(StringEncoding.UTF8);
        var entry = RecordOf.tuple(List.of(Primitive.STRING, new ListOf(Primitive.U8)));
        var type = RecordOf.tuple(List.of(new ListOf(entry), VariantOf.option(Primitive.S16), Primitive.CHAR,
                VariantOf.result(Primitive.F64, Primitive.STRING)));
        Object[] value = {List.of(new Object[] {"content-type", "text/plain".getBytes()}, new Object[] {"x-ü", new byte[0]}),
                Case.some(-2), 0x1F600, Case.error("nope")};

        CanonicalAbi.store(cx, value, type, 64);
        var loaded = (Object[]) CanonicalAbi.load(cx, 64, type);

        var entries = (List<?>) loaded[0];
        assertThat(((Object[]) entries.get(0))[0]).isEqualTo("content-type");
        assertThat(((Object[]) entries.get(0))[1]).isEqualTo("text/plain".getBytes());
        assertThat(((Object[]) entries.get(1))[0]).isEqualTo("x-ü");
        assertThat(loaded[1]).isEqualTo(Case.some(-2));
        assertThat(loaded[2]).isEqualTo(0x1F600);
        assertThat(loaded[3]).isEqualTo(Case.error("nope"));
    }

    @Test
    void flatValuesRoundTripIncludingJoinedVariantSlots() {
        var cx = context(StringEncoding.UTF8);
        var type = VariantOf.result(Primitive.F32, Primitive.U64);
        for (Case value : List.of(Case.ok(1.5f), Case.error(-1L))) {
            var out = new CanonicalAbi.FlatWriter();
            CanonicalAbi.lowerFlat(cx, value, type, out);
            assertThat(CanonicalAbi.liftFlat(cx, new CanonicalAbi.FlatReader(out.toArray(), 0), type)).isEqualTo(value);
        }
    }

    @Test
    void stringsInEveryEncodingRoundTrip() {
        for (var encoding : StringEncoding.values()) {
            var cx = context(encoding);
            for (String text : List.of("plain latin1 é", "日本 ✓ 😀", "")) {
                CanonicalAbi.store(cx, text, Primitive.STRING, 8);
                assertThat(CanonicalAbi.load(cx, 8, Primitive.STRING)).as(encoding + " " + text).isEqualTo(text);
            }
        }
    }

    @Test
    void hostileValuesTrapInsteadOfReachingTheHost() {
        var cx = context(StringEncoding.UTF8);
        var memory = cx.memory();
        memory.writeI32(0, 60000);
        memory.writeI32(4, 10000); // a string running past the end of memory
        assertThatThrownBy(() -> CanonicalAbi.load(cx, 0, Primitive.STRING)).isInstanceOf(TrapException.class)
                .hasMessageContaining("out of bounds");
        memory.write(16, new byte[] {(byte) 0xff, (byte) 0xfe});
        memory.writeI32(0, 16);
        memory.writeI32(4, 2); // not UTF-8
        assertThatThrownBy(() -> CanonicalAbi.load(cx, 0, Primitive.STRING)).hasMessageContaining("not valid UTF-8");
        memory.writeI32(24, 0xD800); // a surrogate is no char
        assertThatThrownBy(() -> CanonicalAbi.load(cx, 24, Primitive.CHAR)).hasMessageContaining("scalar value");
        memory.writeByte(32, (byte) 7); // variant case out of range
        assertThatThrownBy(() -> CanonicalAbi.load(cx, 32, VariantOf.option(Primitive.U8))).hasMessageContaining("out of range");
        assertThatThrownBy(() -> CanonicalAbi.load(cx, 33, Primitive.U32)).hasMessageContaining("not aligned");
        memory.writeI32(40, 99);
        assertThatThrownBy(() -> CanonicalAbi.load(cx, 40, new WitType.Own(FIELDS))).hasMessageContaining("unknown handle");
    }

    @Test
    void aliasedListsCannotMakeTheHostCopyWithoutBound() {
        var memory = new ByteArrayMemory(new MemoryLimits(1, 1));
        var cx = new AbiContext(memory, null, StringEncoding.UTF8, new ResourceTable(4), new AbiContext.HostCopies(100_000));
        var lists = new ListOf(new ListOf(Primitive.U8));
        for (int i = 0; i < 64; i++) { // 64 lists, each the same 60,000 bytes
            memory.writeI32(i * 8, 0);
            memory.writeI32(i * 8 + 4, 60_000);
        }
        memory.writeI32(60_000, 0);
        memory.writeI32(60_004, 64);

        assertThatThrownBy(() -> CanonicalAbi.load(cx, 60_000, lists)).isInstanceOf(TrapException.class)
                .hasMessageContaining("more data than one request may");
    }

    @Test
    void typesPastTheCanonicalSizeLimitAreRefused() {
        assertThatThrownBy(() -> {
            WitType type = Primitive.U64;
            for (int i = 0; i < 30; i++) { // each level doubles: 2^33 bytes at the end, and 2^30 flat values
                type = RecordOf.tuple(List.of(type, type));
            }
        }).isInstanceOf(io.wasmhive.engine.InvalidModuleException.class).hasMessageContaining("too large");
    }

    @Test
    void handlesAreCheckedForTypeAndOwnership() {
        var table = new ResourceTable(2);
        var other = ResourceType.host("wasi:io/poll/pollable");
        int owned = table.add(FIELDS, "fields", true);
        int borrowed = table.add(FIELDS, "lent", false);

        assertThatThrownBy(() -> table.rep(owned, other)).hasMessageContaining("not a wasi:io/poll/pollable");
        assertThatThrownBy(() -> table.take(borrowed, FIELDS)).hasMessageContaining("borrowed, not owned");
        assertThatThrownBy(() -> table.add(FIELDS, "third", true)).hasMessageContaining("more than 2");
        assertThat(table.take(owned, FIELDS)).isEqualTo("fields");
        assertThatThrownBy(() -> table.rep(owned, FIELDS)).hasMessageContaining("unknown handle");
    }

    @Test
    void droppingAnOwningHandleOfTheComponentsOwnResourceRunsItsDestructor() {
        var table = new ResourceTable(4);
        var thing = ResourceType.componentDefined("thing");
        var destroyed = new java.util.ArrayList<Integer>();
        table.destructor(thing, destroyed::add);
        int owned = table.add(thing, 7, true);
        int borrowed = table.add(thing, 8, false);

        table.drop(borrowed, thing);
        table.drop(owned, thing);

        assertThat(destroyed).as("a borrow ends without the resource").containsExactly(7);
    }

    @Test
    void aHandleLentToAHostCallCanBeNeitherDroppedNorGivenAwayUntilTheCallReturns() {
        var thing = ResourceType.componentDefined("thing");
        var describe = new FuncType(List.of("self"), List.of(new WitType.Borrow(thing)), Primitive.STRING);

        var cx = context(StringEncoding.UTF8);
        int handle = cx.resources().add(thing, 7, true);
        var lendAndGive = new FuncType(List.of("a", "b"), List.of(new WitType.Borrow(thing), new WitType.Own(thing)), null);
        assertThatThrownBy(() -> Calls.lower(lendAndGive, () -> cx, args -> null).apply(null, handle, handle))
                .isInstanceOf(TrapException.class).hasMessageContaining("lent");

        // the guest's realloc runs while the results are lowered, the handle still lent
        var reentrant = context(StringEncoding.UTF8);
        int lent = reentrant.resources().add(thing, 7, true);
        AbiContext.Realloc dropsTheHandle = (ptr, size, alignment, newSize) -> {
            reentrant.resources().drop(lent, thing);
            return 1024;
        };
        var dropping = new AbiContext(reentrant.memory(), dropsTheHandle, StringEncoding.UTF8, reentrant.resources(),
                reentrant.copies());
        assertThatThrownBy(() -> Calls.lower(describe, () -> dropping, args -> "a thing").apply(null, lent, 64))
                .isInstanceOf(TrapException.class).hasMessageContaining("lent");

        var returned = context(StringEncoding.UTF8);
        int given = returned.resources().add(thing, 7, true);
        Calls.lower(describe, () -> returned, args -> "a thing").apply(null, given, 64);
        assertThat(returned.resources().take(given, thing)).as("lent only while the call lasted").isEqualTo(7);
    }

    /** One page of memory and a bump allocator from offset 1024. */
    private static AbiContext context(StringEncoding encoding) {
        var memory = new ByteArrayMemory(new MemoryLimits(1, 1));
        int[] next = {1024};
        AbiContext.Realloc bump = (ptr, size, alignment, newSize) -> {
            next[0] = Layout.alignTo(next[0], alignment);
            int at = next[0];
            next[0] += newSize;
            return at;
        };
        return new AbiContext(memory, bump, encoding, new ResourceTable(16), new AbiContext.HostCopies(1 << 20));
    }
}
