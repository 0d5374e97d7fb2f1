package io.wasmhive.engine.internal;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Compiles a metered core module to JVM bytecode. A wasm function whose bytecode would pass the
 * JVM's 64 KiB method limit runs in Chicory's interpreter instead. Chicory finds those by trying,
 * recompiling the whole module once per function that does not fit (about 7 s a try for a
 * JavaScript engine's 12,700 functions); functions this large are named up front instead, and
 * only a misjudged one costs another try.
 */
public final class CoreCompiler {

    /**
     * Bodies of at least this many instructions are interpreted from the start. Measured on
     * SpiderMonkey (componentize-js): every body of 29,440 instructions or more failed to compile,
     * every one of 28,011 or fewer compiled.
     */
    static final int INTERPRETED_INSTRUCTIONS = 28_500;

    private static final Pattern TOO_LARGE = Pattern.compile("WASM function index: (\\d+)");
    private static final int MAX_TRIES = 64;

    private CoreCompiler() {}

    /** @param cache compiled bytecode from earlier runs, or null */
    public static Function<Instance, Machine> compile(WasmModule module, Cache cache) {
        var interpreted = largeFunctions(module);
        for (int attempt = 1; ; attempt++) {
            var compiler = MachineFactoryCompiler.builder(module)
                    .withInterpreterFallback(interpreted.isEmpty() ? InterpreterFallback.SILENT : InterpreterFallback.FAIL);
            if (!interpreted.isEmpty()) {
                compiler.withInterpretedFunctions(interpreted);
            }
            if (cache != null) {
                compiler.withCache(cache);
            }
            try {
                return compiler.compile();
            } catch (ChicoryException tooLarge) {
                var index = tooLarge.getMessage() == null ? null : TOO_LARGE.matcher(tooLarge.getMessage());
                if (index == null || !index.find() || attempt == MAX_TRIES) {
                    throw tooLarge;
                }
                interpreted.add(Integer.parseInt(index.group(1)));
            }
        }
    }

    private static Set<Integer> largeFunctions(WasmModule module) {
        int imported = module.importSection().count(ExternalType.FUNCTION);
        var large = new HashSet<Integer>();
        var code = module.codeSection();
        for (int i = 0; i < code.functionBodyCount(); i++) {
            if (code.getFunctionBody(i).instructions().size() >= INTERPRETED_INSTRUCTIONS) {
                large.add(imported + i);
            }
        }
        return large;
    }
}
