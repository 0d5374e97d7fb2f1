package io.wasmhive.engine.component.link;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.ExternalType;
import java.util.Map;

/** What a core instance exports, by name: {@link CoreFunc}, memory, table or global. */
interface CoreExports {

    /** The export, or null when there is none of that name. */
    Object export(String name);

    static CoreExports of(Map<String, Object> exports) {
        return exports::get;
    }

    static CoreExports of(Instance instance) {
        var section = instance.module().exportSection();
        return name -> {
            for (int i = 0; i < section.exportCount(); i++) {
                var export = section.getExport(i);
                if (!export.name().equals(name)) {
                    continue;
                }
                return switch (export.exportType()) {
                    case FUNCTION -> {
                        var function = instance.exports().function(name);
                        yield new CoreFunc(instance.exportType(name), (caller, args) -> function.apply(args));
                    }
                    case MEMORY -> instance.exports().memory(name);
                    case TABLE -> instance.exports().table(name);
                    case GLOBAL -> instance.exports().global(name);
                    default -> null;
                };
            }
            return null;
        };
    }

    static ExternalType kindOf(Object item) {
        return switch (item) {
            case CoreFunc f -> ExternalType.FUNCTION;
            case com.dylibso.chicory.runtime.Memory m -> ExternalType.MEMORY;
            case com.dylibso.chicory.runtime.TableInstance t -> ExternalType.TABLE;
            case com.dylibso.chicory.runtime.GlobalInstance g -> ExternalType.GLOBAL;
            default -> throw new IllegalArgumentException("not a core item: " + item);
        };
    }
}
