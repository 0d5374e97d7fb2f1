package io.wasmhive.engine.component.link;

import io.wasmhive.engine.component.abi.FuncType;
import io.wasmhive.engine.component.abi.HostCall;
import io.wasmhive.engine.component.abi.ResourceTable;

/** Where a component's imports come from: the WASI hosts of one request. */
public interface HostImports {

    /**
     * The host function for an import.
     *
     * @param interfaceName the imported interface without its version, e.g. {@code wasi:http/types}
     * @param function      the function's name, e.g. {@code [method]fields.get}
     * @return null when the host does not provide it
     */
    HostCall function(String interfaceName, String function, FuncType type);

    /**
     * The WIT type the host implements a function with, which the type a component declares for
     * the import must equal (parameter names aside); null when the host takes whatever type the
     * component declares, or does not provide the function.
     */
    FuncType implementedType(String interfaceName, String function);

    /** The request's handle table, shared with the host so that it can hand out handles. */
    ResourceTable resources();
}
