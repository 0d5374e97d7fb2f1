package io.wasmhive.engine.fuel;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import io.wasmhive.engine.internal.CoreModules;
import java.io.ByteArrayOutputStream;

/** Modules written byte by byte for the meter's tests, and their metered instances. */
final class HandBuiltModules {

    static final int I32 = 0x7f;

    private HandBuiltModules() {}

    /** The module metered, instantiated on the gauge's balance, in Chicory's interpreter or compiler. */
    static Instance instance(byte[] module, FuelGauge gauge, boolean compiled) {
        return instance(module, gauge, compiled, 0);
    }

    /**
     * The module metered and split with {@link FunctionSplitter}'s limit {@code large} (0: not
     * split), instantiated on the gauge's balance, in Chicory's interpreter or compiler.
     */
    static Instance instance(byte[] module, FuelGauge gauge, boolean compiled, int large) {
        var metered = FuelInstrumenter.instrument(module);
        WasmModule parsed = CoreModules.parse(large == 0 ? metered.bytes()
                : FunctionSplitter.split(metered.bytes(), large, large, metered.balanceLocals()));
        var builder = Instance.builder(parsed).withGlobalFactory(gauge.globals(metered.fuelGlobal()));
        if (compiled) {
            builder.withMachineFactory(MachineFactoryCompiler.compile(parsed));
        }
        return builder.build();
    }

    /** A stream holding the module header, for the sections to follow. */
    static ByteArrayOutputStream header() {
        var out = new ByteArrayOutputStream();
        write(out, 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
        return out;
    }

    /** A section whose content is shorter than 128 bytes. */
    static void section(ByteArrayOutputStream out, int id, int... content) {
        write(out, id, content.length);
        write(out, content);
    }

    /** The code section: each body is its local declarations and code, shorter than 128 bytes. */
    static void codeSection(ByteArrayOutputStream out, int[]... bodies) {
        var code = new ByteArrayOutputStream();
        write(code, bodies.length);
        for (int[] body : bodies) {
            write(code, body.length);
            write(code, body);
        }
        byte[] bytes = code.toByteArray();
        write(out, 10, bytes.length);
        out.writeBytes(bytes);
    }

    static void write(ByteArrayOutputStream out, int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
    }
}
