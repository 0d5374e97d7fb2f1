package io.wasmhive.engine.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmhive.engine.Abi;
import io.wasmhive.engine.Guests;
import io.wasmhive.engine.InvalidModuleException;
import io.wasmhive.engine.ModuleInspector;
import io.wasmhive.engine.component.binary.ComponentParser;
import io.wasmhive.engine.component.link.ImportedInterfaces;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The types a component declares for its imports are compared with the WIT the host implements,
 * at upload and again at load: hello-wat with one declared type changed in its binary.
 */
class ImportTypesTest {

    private static final byte[] HELLO = Guests.bytes("components/hello-wat/hello.wasm");

    @Test
    void aResultTypeOtherThanTheHostsIsRefusedAtUploadAndAtLoad() {
        // header-error's case immutable renamed: fields.append's result is another variant
        byte[] component = renamed(HELLO, "immutable", "read-only");

        for (var load : new Runnable[] {() -> ModuleInspector.inspect(component), () -> WasiHttpExecutor.compile(component, null)}) {
            assertThatThrownBy(load::run).isInstanceOf(InvalidModuleException.class)
                    .hasMessageContaining("the component imports [method]fields.append from wasi:http/types@0.2.0 as func(")
                    .hasMessageContaining("-> result<_, enum {invalid-syntax, forbidden, read-only}>, but Wasmhive implements it as")
                    .hasMessageContaining("-> result<_, enum {invalid-syntax, forbidden, immutable}>")
                    .hasMessageEndingWith("; they differ in the result, case error, case 3: read-only where Wasmhive has immutable");
        }
    }

    @Test
    void aBorrowOfAnotherResourceIsRefused() {
        byte[] component = HELLO.clone();
        // outgoing-body.write's self takes the type of outgoing-response.body's: a borrow<outgoing-response>
        component[selfTypeIndexAt(HELLO, "[method]outgoing-body.write")] = HELLO[selfTypeIndexAt(HELLO, "[method]outgoing-response.body")];

        assertThatThrownBy(() -> ModuleInspector.inspect(component)).isInstanceOf(InvalidModuleException.class)
                .hasMessage("the component imports [method]outgoing-body.write from wasi:http/types@0.2.0 as"
                        + " func(self: borrow<wasi:http/types/outgoing-response>) -> result<own<wasi:io/streams/output-stream>>,"
                        + " but Wasmhive implements it as func(self: borrow<wasi:http/types/outgoing-body>)"
                        + " -> result<own<wasi:io/streams/output-stream>>; they differ in parameter 1 (self):"
                        + " borrow<wasi:http/types/outgoing-response> where Wasmhive has borrow<wasi:http/types/outgoing-body>");
    }

    @Test
    void otherParameterNamesAreAccepted() {
        byte[] component = renamed(HELLO, "contents", "the-data"); // of blocking-write-and-flush

        assertThat(ModuleInspector.inspect(component).abi()).isEqualTo(Abi.WASI_HTTP);
        WasiHttpExecutor.compile(component, null);
    }

    @ParameterizedTest
    @CsvSource({"hello-wat/hello.wasm, 8", "echo-wat/echo.wasm, 12", "stream-wat/stream.wasm, 11",
            "resource-wat/resource.wasm, 6", "js-echo/app.wasm, 79"})
    void theCommittedComponentsDeclareTheTypesTheHostImplements(String fixture, int functions) {
        byte[] component = Guests.bytes("components/" + fixture);

        assertThat(ImportedInterfaces.declaredFunctions(ComponentParser.parse(component)).values().stream()
                .mapToInt(java.util.Map::size).sum()).as("functions checked at upload").isEqualTo(functions);
        assertThat(ModuleInspector.inspect(component).abi()).isEqualTo(Abi.WASI_HTTP);
    }

    /** The component with every name {@code from} (length-prefixed, as the binary writes names) renamed to {@code to}. */
    private static byte[] renamed(byte[] component, String from, String to) {
        byte[] name = lengthPrefixed(from);
        byte[] replacement = lengthPrefixed(to);
        assertThat(replacement).hasSameSizeAs(name);
        byte[] renamed = component.clone();
        int count = 0;
        for (int at = indexOf(renamed, name, 0); at >= 0; at = indexOf(renamed, name, at + 1)) {
            System.arraycopy(replacement, 0, renamed, at, replacement.length);
            count++;
        }
        assertThat(count).as(from + " in the component").isPositive();
        return renamed;
    }

    /**
     * Where the type index of the {@code self} parameter of the function the instance type exports
     * as {@code function} is: the function's type is declared just before its export.
     */
    private static int selfTypeIndexAt(byte[] component, String function) {
        int export = indexOf(component, lengthPrefixed(function), 0);
        byte[] self = lengthPrefixed("self");
        for (int at = export - self.length; at >= 0; at--) {
            if (Arrays.equals(component, at, at + self.length, self, 0, self.length)) {
                assertThat(component[at + self.length]).as("a one-byte type index").isBetween((byte) 0, (byte) 127);
                return at + self.length;
            }
        }
        throw new AssertionError("no self parameter before " + function);
    }

    private static byte[] lengthPrefixed(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] prefixed = new byte[bytes.length + 1];
        prefixed[0] = (byte) bytes.length;
        System.arraycopy(bytes, 0, prefixed, 1, bytes.length);
        return prefixed;
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        for (int at = from; at <= bytes.length - part.length; at++) {
            if (Arrays.equals(bytes, at, at + part.length, part, 0, part.length)) {
                return at;
            }
        }
        return -1;
    }
}
