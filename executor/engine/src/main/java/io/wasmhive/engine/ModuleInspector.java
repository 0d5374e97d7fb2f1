package io.wasmhive.engine;

import io.wasmhive.engine.component.ComponentExports;
import io.wasmhive.engine.component.ComponentImports;
import io.wasmhive.engine.component.binary.ComponentParser;
import io.wasmhive.engine.internal.CoreModules;
import java.util.List;

/** Upload validation: is this a binary Wasmhive can run, and through which ABI? */
public final class ModuleInspector {

    /** The export that makes a component a wasi-http function; any 0.2.x minor version is accepted. */
    public static final String INCOMING_HANDLER_PREFIX = "wasi:http/incoming-handler@0.2.";

    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};

    private ModuleInspector() {}

    /**
     * Parses and validates the binary and detects its ABI.
     *
     * @throws InvalidModuleException saying what is wrong, for anything that cannot run
     */
    public static ModuleInfo inspect(byte[] bytes) {
        return switch (kindOf(bytes)) {
            case CORE_MODULE -> inspectCoreModule(bytes);
            case COMPONENT -> inspectComponent(bytes);
        };
    }

    private enum BinaryKind { CORE_MODULE, COMPONENT }

    private static BinaryKind kindOf(byte[] bytes) {
        if (bytes.length < 8 || !java.util.Arrays.equals(bytes, 0, 4, MAGIC, 0, 4)) {
            throw new InvalidModuleException("not a WebAssembly binary: it must start with the magic bytes"
                    + " \\0asm followed by a version (got " + bytes.length + " bytes"
                    + (bytes.length >= 4 ? " starting " + hex(bytes, 4) : "") + ")");
        }
        if (bytes[4] == 1 && bytes[5] == 0 && bytes[6] == 0 && bytes[7] == 0) {
            return BinaryKind.CORE_MODULE;
        }
        if (bytes[6] == 1 && bytes[7] == 0) {
            return BinaryKind.COMPONENT;
        }
        throw new InvalidModuleException("unsupported WebAssembly version/layer bytes " + hex(bytes, 8).substring(12)
                + ": expected a core module (01 00 00 00) or a component (0d 00 01 00)");
    }

    private static ModuleInfo inspectCoreModule(byte[] bytes) {
        long initial = CoreModules.memoryLimits(CoreModules.prepareWagi(bytes).module())
                .map(m -> m.initialPages() * CoreModules.PAGE_BYTES).orElse(0L);
        return new ModuleInfo(Abi.WAGI, initial);
    }

    private static ModuleInfo inspectComponent(byte[] bytes) {
        List<String> exports = ComponentExports.read(bytes);
        if (exports.stream().noneMatch(name -> name.startsWith(INCOMING_HANDLER_PREFIX))) {
            throw new InvalidModuleException("the component does not export " + INCOMING_HANDLER_PREFIX
                    + "x (it exports " + (exports.isEmpty() ? "nothing" : String.join(", ", exports))
                    + "); build it for the wasi:http/proxy world");
        }
        ComponentImports.check(ComponentParser.parse(bytes));
        return new ModuleInfo(Abi.WASI_HTTP, 0);
    }

    private static String hex(byte[] bytes, int count) {
        var text = new StringBuilder();
        for (int i = 0; i < Math.min(count, bytes.length); i++) {
            text.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i]));
        }
        return text.toString();
    }
}
