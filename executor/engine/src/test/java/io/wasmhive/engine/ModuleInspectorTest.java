package io.wasmhive.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ModuleInspectorTest {

    @Test
    void detectsWagiCommandModuleWithItsMemory() {
        ModuleInfo info = ModuleInspector.inspect(Guests.bytes("hello-c/hello.wasm"));

        assertThat(info.abi()).isEqualTo(Abi.WAGI);
        assertThat(info.initialMemoryBytes()).isPositive();
    }

    @Test
    void rejectsBytesThatAreNotWasm() {
        assertThatThrownBy(() -> ModuleInspector.inspect("hello, world".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("not a WebAssembly binary");
    }

    @Test
    void rejectsTruncatedModule() {
        byte[] hello = Guests.bytes("hello-c/hello.wasm");

        assertThatThrownBy(() -> ModuleInspector.inspect(Arrays.copyOf(hello, hello.length / 2)))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("malformed module")
                .hasMessageContaining("bytes, but only");
    }

    @Test
    void rejectsModuleWithoutStartExport() {
        assertThatThrownBy(() -> ModuleInspector.inspect(Guests.bytes("fixtures/no-start.wasm")))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("exports no _start function");
    }

    @Test
    void rejectsUnknownWasmVersion() {
        byte[] bytes = {0, 'a', 's', 'm', 2, 0, 0, 0};

        assertThatThrownBy(() -> ModuleInspector.inspect(bytes))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("02 00 00 00");
    }

    @Test
    void detectsComponentExportingIncomingHandler() {
        ModuleInfo info = ModuleInspector.inspect(componentExporting("wasi:http/incoming-handler@0.2.6"));

        assertThat(info.abi()).isEqualTo(Abi.WASI_HTTP);
    }

    @Test
    void rejectsComponentWithoutIncomingHandler() {
        assertThatThrownBy(() -> ModuleInspector.inspect(componentExporting("wasi:cli/run@0.2.0")))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("it exports wasi:cli/run@0.2.0");
    }

    @Test
    void rejectsComponentWhoseSectionRunsPastTheEnd() {
        byte[] component = componentExporting("wasi:http/incoming-handler@0.2.0");

        assertThatThrownBy(() -> ModuleInspector.inspect(Arrays.copyOf(component, component.length - 3)))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("malformed component")
                .hasMessageContaining("offset 8");
    }

    /** A component preamble and one export section exporting instance 0 under {@code name}. */
    static byte[] componentExporting(String name) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        var section = new ByteArrayOutputStream();
        section.write(1); // one export
        section.write(0x00); // plain name
        section.write(nameBytes.length);
        section.writeBytes(nameBytes);
        section.write(0x05); // sort: instance
        section.write(0); // index 0
        section.write(0x00); // no ascribed type
        var component = new ByteArrayOutputStream();
        component.writeBytes(new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0});
        component.write(11);
        component.write(section.size());
        component.writeBytes(section.toByteArray());
        return component.toByteArray();
    }
}
