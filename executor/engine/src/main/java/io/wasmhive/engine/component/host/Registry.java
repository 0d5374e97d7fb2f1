package io.wasmhive.engine.component.host;

import java.util.HashMap;
import java.util.Map;

/** Host functions by interface (without version) and name, as each host class registers them. */
final class Registry {

    private final Map<String, HostFunction> functions = new HashMap<>();
    private String interfaceName;

    Registry in(String interfaceName) {
        this.interfaceName = interfaceName;
        return this;
    }

    Registry add(String name, HostFunction function) {
        if (functions.put(interfaceName + "#" + name, function) != null) {
            throw new IllegalStateException("registered twice: " + interfaceName + "#" + name);
        }
        return this;
    }

    HostFunction get(String interfaceName, String name) {
        return functions.get(interfaceName + "#" + name);
    }
}
