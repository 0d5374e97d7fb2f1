package io.wasmhive.engine.internal;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wasmhive.engine.InvalidModuleException;
import io.wasmhive.engine.fuel.FuelInstrumenter;
import io.wasmhive.engine.fuel.FunctionSplitter;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Parsing and shape checks of core modules, turning Chicory's failures into upload errors. */
public final class CoreModules {

    public static final String WASI_MODULE = "wasi_snapshot_preview1";
    public static final String START_EXPORT = "_start";
    public static final long PAGE_BYTES = 65536;

    private static final Map<String, FunctionType> WASI_FUNCTIONS = Stream.of(WasiHost.signatures())
            .collect(Collectors.toUnmodifiableMap(f -> f.name(), f -> f.functionType()));

    private CoreModules() {}

    /**
     * A WAGI module ready to compile: validated as uploaded, then metered for fuel.
     *
     * @param module          the metered module
     * @param fuelGlobal      index of the fuel global, -1 in a module that is not metered
     * @param importedGlobals globals the module imports, which come before its own in the index space
     */
    public record Prepared(WasmModule module, int fuelGlobal, int importedGlobals) {

        /** The fuel global's position among the module's own globals, -1 when there is none. */
        public int fuelDefinedGlobal() {
            return fuelGlobal < 0 ? -1 : fuelGlobal - importedGlobals;
        }
    }

    /**
     * Validates the module as a WAGI command and meters it. The meter walks the whole binary
     * first, so Chicory's parser only ever sees a structurally sound module.
     */
    public static Prepared prepareWagi(byte[] bytes) {
        var prepared = prepare(bytes);
        requireWagiShape(prepared.module());
        return prepared;
    }

    /**
     * Meters and validates any core module, a WAGI command or one embedded in a component, and
     * splits the functions too large to compile ({@link FunctionSplitter}).
     */
    public static Prepared prepare(byte[] bytes) {
        var metered = FuelInstrumenter.instrument(bytes);
        WasmModule module = parseSplit(metered.bytes(), FunctionSplitter.split(metered.bytes(), metered.balanceLocals()));
        return new Prepared(module, metered.fuelGlobal(), module.importSection().count(ExternalType.GLOBAL));
    }

    /**
     * Checks a core module at upload: meters and validates it as {@link #prepare} does, without
     * splitting, which only changes how fast it runs.
     */
    public static void validate(byte[] bytes) {
        parse(FuelInstrumenter.instrument(bytes).bytes());
    }

    /** A core module as uploaded, split but without the meter: for measuring what the meter costs. */
    public static Prepared unmetered(byte[] bytes) {
        WasmModule module = parseSplit(bytes, FunctionSplitter.split(bytes, null));
        return new Prepared(module, -1, module.importSection().count(ExternalType.GLOBAL));
    }

    /**
     * The split module, decoded and validated; should splitting have made it invalid (a fault in
     * the splitter), the whole one, so the module loads, only slower, or fails for its own fault.
     */
    private static WasmModule parseSplit(byte[] whole, byte[] split) {
        if (split == whole) {
            return parse(whole);
        }
        try {
            return parse(split);
        } catch (InvalidModuleException splitterFault) {
            return parse(whole);
        }
    }

    /** Decodes and validates the module, including every function body. */
    public static WasmModule parse(byte[] bytes) {
        try {
            return Parser.parse(bytes);
        } catch (RuntimeException | AssertionError e) { // Chicory reports some malformed input with JDK exceptions
            throw new InvalidModuleException("invalid module: " + describe(e), e);
        }
    }

    /**
     * Checks that the module is a WASI command that Wasmhive can link: it exports a {@code _start}
     * function and imports nothing but WASI preview 1 functions with their proper signatures.
     */
    private static void requireWagiShape(WasmModule module) {
        var start = module.exportSection();
        boolean hasStart = false;
        for (int i = 0; i < start.exportCount(); i++) {
            var export = start.getExport(i);
            if (export.name().equals(START_EXPORT) && export.exportType() == ExternalType.FUNCTION) {
                hasStart = true;
            }
        }
        if (!hasStart) {
            throw new InvalidModuleException(
                    "the module exports no _start function. A WAGI function is a WASI command module"
                            + " (for C: clang --target=wasm32-wasi with a main function), and a wasi-http"
                            + " function is a component exporting wasi:http/incoming-handler@0.2.x");
        }
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            requireProvided(module, imports.getImport(i));
        }
    }

    private static void requireProvided(WasmModule module, Import imp) {
        String what = imp.module() + "." + imp.name();
        if (!(imp instanceof FunctionImport function) || !imp.module().equals(WASI_MODULE)) {
            throw new InvalidModuleException("the module imports " + imp.importType().name().toLowerCase()
                    + " " + what + ", but a WAGI function may import only " + WASI_MODULE + " functions");
        }
        FunctionType provided = WASI_FUNCTIONS.get(imp.name());
        if (provided == null) {
            throw new InvalidModuleException("the module imports " + what + ", which WASI preview 1 does not define");
        }
        FunctionType wanted = module.typeSection().getType(function.typeIndex());
        if (!provided.typesMatch(wanted)) {
            throw new InvalidModuleException("the module imports " + what + " with signature " + wanted
                    + ", but WASI preview 1 defines it as " + provided);
        }
    }

    /** The limits of the module's own memory, if it defines one. */
    public static Optional<MemoryLimits> memoryLimits(WasmModule module) {
        return module.memorySection()
                .filter(section -> section.memoryCount() > 0)
                .map(section -> section.getMemory(0).limits());
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
