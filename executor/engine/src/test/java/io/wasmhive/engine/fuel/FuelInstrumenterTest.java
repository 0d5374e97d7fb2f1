package io.wasmhive.engine.fuel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmhive.engine.Guests;
import io.wasmhive.engine.InvalidModuleException;
import io.wasmhive.engine.ModuleInspector;
import io.wasmhive.engine.internal.CoreModules;
import org.junit.jupiter.api.Test;

class FuelInstrumenterTest {

    private static final byte[] HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};

    /** A module of a header and the given raw sections. */
    private static byte[] module(int[]... sections) {
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(HEADER);
        for (int[] section : sections) {
            for (int b : section) {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    @Test
    void meteredModulesStillValidate() {
        for (String guest : new String[] {"hello-c/hello.wasm", "hello-rust/hello.wasm", "crunch-c/crunch.wasm",
                "hello-wat/hello.wasm", "fixtures/memory-hog.wasm", "fixtures/deep-recursion.wasm"}) {
            var metered = FuelInstrumenter.instrument(Guests.bytes(guest));
            assertThat(CoreModules.parse(metered.bytes()).globalSection().globalCount())
                    .as(guest).isEqualTo(metered.fuelGlobal() + 2);
        }
    }

    @Test
    void moduleWithoutGlobalsGetsItsFuelGlobalAtIndexZero() {
        var metered = FuelInstrumenter.instrument(Guests.bytes("fixtures/loop.wasm"));

        assertThat(metered.fuelGlobal()).isZero();
        assertThat(CoreModules.parse(metered.bytes()).globalSection().globalCount()).isEqualTo(2); // fuel, refused grow
    }

    @Test
    void simdIsRefusedAtUploadWithAClearReason() {
        // (func (result v128) v128.const 0 ...): type () -> v128, one function, body with 0xfd prefix
        byte[] simd = module(
                new int[] {1, 5, 1, 0x60, 0, 1, 0x7b},
                new int[] {3, 2, 1, 0},
                new int[] {10, 22, 1, 20, 0, 0xfd, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b});

        assertThatThrownBy(() -> FuelInstrumenter.instrument(simd))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("SIMD")
                .hasMessageContaining("not supported");
    }

    @Test
    void typedReferencesAreRefused() {
        // type (ref null func) -> (): the same type as funcref -> (), in other bytes
        byte[] typedReference = module(new int[] {1, 6, 1, 0x60, 1, 0x63, 0x70, 0});

        assertThatThrownBy(() -> FuelInstrumenter.instrument(typedReference))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("typed function references");
    }

    @Test
    void memory64IsRefused() {
        byte[] memory64 = module(new int[] {5, 3, 1, 0x04, 1});

        assertThatThrownBy(() -> FuelInstrumenter.instrument(memory64))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("memory64");
    }

    @Test
    void truncatedCodeIsMalformedNotACrash() {
        byte[] hello = Guests.bytes("hello-c/hello.wasm");

        assertThatThrownBy(() -> FuelInstrumenter.instrument(java.util.Arrays.copyOf(hello, hello.length - 100)))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("malformed module");
    }

    @Test
    void uploadValidationRunsTheMeter() {
        byte[] simd = module(
                new int[] {1, 5, 1, 0x60, 0, 1, 0x7b},
                new int[] {3, 2, 1, 0},
                new int[] {7, 10, 1, 6, '_', 's', 't', 'a', 'r', 't', 0, 0},
                new int[] {10, 22, 1, 20, 0, 0xfd, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b});

        assertThatThrownBy(() -> ModuleInspector.inspect(simd)).isInstanceOf(InvalidModuleException.class);
    }
}
