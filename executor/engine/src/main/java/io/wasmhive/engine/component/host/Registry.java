package io.wasmhive.engine.component.host;

import io.wasmhive.engine.component.abi.FuncType;
import java.util.HashMap;
import java.util.Map;

/**
 * Host functions by interface (without version) and name, as each host class registers them, each
 * with the WIT type it implements. An interface's types are declared in WIT once, before its
 * functions, and only after the interfaces it {@code use}s.
 */
final class Registry {

    /** A host function and its type, which the component's declared type of the import must equal. */
    record Implemented(FuncType type, HostFunction function) {}

    private final Map<String, Implemented> functions = new HashMap<>();
    /** Each interface's declared value types and resources, by name. */
    private final Map<String, Map<String, Object>> declarations = new HashMap<>();
    private String interfaceName;

    /** Functions added next belong to {@code interfaceName}. */
    Registry in(String interfaceName) {
        this.interfaceName = interfaceName;
        declarations.computeIfAbsent(interfaceName, i -> new HashMap<>());
        return this;
    }

    /** Functions added next belong to {@code interfaceName}, which declares {@code wit}: its uses, resources and types. */
    Registry in(String interfaceName, String wit) {
        in(interfaceName);
        Wit.declare(interfaceName, wit, declarations.get(interfaceName), this::declared);
        return this;
    }

    /** @param signature the function's WIT type, e.g. {@code func(self: borrow<fields>, name: field-name) -> bool} */
    Registry add(String name, String signature, HostFunction function) {
        var implemented = new Implemented(Wit.function(signature, declarations.get(interfaceName)), function);
        if (functions.put(interfaceName + "#" + name, implemented) != null) {
            throw new IllegalStateException("registered twice: " + interfaceName + "#" + name);
        }
        return this;
    }

    Implemented get(String interfaceName, String name) {
        return functions.get(interfaceName + "#" + name);
    }

    private Map<String, Object> declared(String interfaceName) {
        var names = declarations.get(interfaceName);
        if (names == null) {
            throw new IllegalStateException(interfaceName + " is used before it is declared");
        }
        return names;
    }
}
